package org.openeuler.nestos.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlNamesTest {

  @Test
  void functionsAggregationsLabelsVariablesDurationsAndNumbersAreNotMetrics() {
    assertThat(
            PromQlNames.of(
                "histogram_quantile(0.99, sum by (le) (rate(nestos_daemon_cgroup_apply_latency_seconds_bucket{node=~\"$node\"}[$__rate_interval])))"))
        .containsExactly("nestos_daemon_cgroup_apply_latency_seconds_bucket");
    assertThat(
            PromQlNames.of(
                "up == 0\nand on (job) (count by (job) (last_over_time(nestos_daemon_state[1h])) > 0)"))
        .containsExactly("nestos_daemon_state", "up");
    assertThat(PromQlNames.of("(max(nestos_operator_leader) or vector(0)) < 1"))
        .containsExactly("nestos_operator_leader");
    assertThat(
            PromQlNames.of(
                "max by (osversion) (nestos_osversion_ready_reason{reason=~\"Progressing|a{b}\"}) == 1"))
        .containsExactly("nestos_osversion_ready_reason");
    assertThat(PromQlNames.of("rate(foo_total[5m] offset 1h) * 1e3 / bar_seconds_count"))
        .containsExactly("bar_seconds_count", "foo_total");
    assertThat(
            PromQlNames.of(
                "sum(a) by (x) / ignoring(y) group_left(z) b unless c and bool d or sum without (q) (e)"))
        .containsExactly("a", "b", "c", "d", "e");
    assertThat(PromQlNames.of("label_values(nestos_osversion_nodes, osversion)"))
        .containsExactly("nestos_osversion_nodes");
    assertThat(PromQlNames.of("time() - nestos_osversion_last_progress_timestamp_seconds"))
        .containsExactly("nestos_osversion_last_progress_timestamp_seconds");
  }
}
