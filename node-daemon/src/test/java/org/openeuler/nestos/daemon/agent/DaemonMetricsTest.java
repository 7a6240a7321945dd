package org.openeuler.nestos.daemon.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.daemon.core.update.UpdatePhase.DEGRADED;
import static org.openeuler.nestos.daemon.core.update.UpdatePhase.FAILED;
import static org.openeuler.nestos.daemon.core.update.UpdatePhase.IDLE;
import static org.openeuler.nestos.daemon.core.update.UpdatePhase.REBOOT_REQUESTED;
import static org.openeuler.nestos.daemon.core.update.UpdatePhase.ROLLBACK_UNAVAILABLE;
import static org.openeuler.nestos.daemon.core.update.UpdatePhase.ROLLED_BACK;
import static org.openeuler.nestos.daemon.core.update.UpdatePhase.ROLLING_BACK;
import static org.openeuler.nestos.daemon.core.update.UpdatePhase.STAGED;
import static org.openeuler.nestos.daemon.core.update.UpdatePhase.STAGING;
import static org.openeuler.nestos.daemon.core.update.UpdatePhase.UPDATED;
import static org.openeuler.nestos.daemon.core.update.UpdatePhase.VERIFYING;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.daemon.agent.DaemonMetrics.DriftKind;
import org.openeuler.nestos.daemon.agent.DaemonMetrics.Failure;
import org.openeuler.nestos.daemon.agent.DaemonMetrics.FailureKind;
import org.openeuler.nestos.ostree.core.status.Deployment;

class DaemonMetricsTest {

  final DaemonMetrics metrics = new DaemonMetrics("node-1");

  @AfterEach
  void close() {
    metrics.close();
  }

  @Test
  void osInfoNamesTheBootedDeploymentAndIsReplacedAfterAReboot() {
    metrics.booted(deployment("aaa111", "24.03.0"));
    metrics.booted(deployment("aaa111", "24.03.0"));
    assertThat(osInfo())
        .containsExactly(
            "nestos_node_os_info{checksum=\"aaa111\",image=\"ostree-unverified-registry:reg/nestos@sha256:aaa111\","
                + "node=\"node-1\",version=\"24.03.0\"} 1");

    metrics.booted(deployment("bbb222", "24.03.1"));

    assertThat(osInfo())
        .as("one series per node: the old deployment's is gone")
        .containsExactly(
            "nestos_node_os_info{checksum=\"bbb222\",image=\"ostree-unverified-registry:reg/nestos@sha256:bbb222\","
                + "node=\"node-1\",version=\"24.03.1\"} 1");
  }

  @Test
  void failuresByPhaseChange() {
    assertThat(DaemonMetrics.failures(STAGING, DEGRADED, ConditionReason.APPLY_FAILED))
        .containsExactly(new Failure(FailureKind.STAGE, ConditionReason.APPLY_FAILED));
    assertThat(DaemonMetrics.failures(STAGING, FAILED, null))
        .containsExactly(new Failure(FailureKind.STAGE, ConditionReason.APPLY_FAILED));
    assertThat(DaemonMetrics.failures(REBOOT_REQUESTED, FAILED, ConditionReason.NODE_FAILED))
        .containsExactly(new Failure(FailureKind.REBOOT, ConditionReason.NODE_FAILED));
    assertThat(DaemonMetrics.failures(IDLE, FAILED, null))
        .as("a restarted daemon finding the reboot limit reached")
        .containsExactly(new Failure(FailureKind.REBOOT, ConditionReason.NODE_FAILED));
    assertThat(DaemonMetrics.failures(VERIFYING, ROLLING_BACK, ConditionReason.ROLLED_BACK))
        .containsExactly(new Failure(FailureKind.ROLLBACK, ConditionReason.HEALTH_CHECK_FAILED));
    assertThat(DaemonMetrics.failures(IDLE, ROLLING_BACK, ConditionReason.ROLLED_BACK))
        .as("booted an unexpected deployment")
        .containsExactly(new Failure(FailureKind.ROLLBACK, ConditionReason.NODE_FAILED));
    assertThat(DaemonMetrics.failures(VERIFYING, ROLLBACK_UNAVAILABLE, null))
        .containsExactly(
            new Failure(FailureKind.ROLLBACK_FAILURE, ConditionReason.ROLLBACK_UNAVAILABLE));
    for (var healthy :
        List.of(
            List.of(IDLE, STAGING),
            List.of(STAGING, STAGED),
            List.of(STAGED, REBOOT_REQUESTED),
            List.of(IDLE, VERIFYING),
            List.of(VERIFYING, UPDATED),
            List.of(ROLLING_BACK, ROLLED_BACK),
            List.of(FAILED, FAILED),
            List.of(IDLE, DEGRADED))) {
      assertThat(DaemonMetrics.failures(healthy.get(0), healthy.get(1), null))
          .as(healthy.toString())
          .isEmpty();
    }
  }

  @Test
  void failureCountersStartAtZeroAndCountTransitionsWithTheirReason() {
    assertThat(metrics.scrape())
        .contains("nestos_daemon_stage_failures_total{node=\"node-1\",reason=\"ApplyFailed\"} 0.0")
        .contains("nestos_daemon_reboot_failures_total{node=\"node-1\",reason=\"NodeFailed\"} 0.0")
        .contains("nestos_daemon_rollbacks_total{node=\"node-1\",reason=\"HealthCheckFailed\"} 0.0")
        .contains(
            "nestos_daemon_rollback_failures_total{node=\"node-1\",reason=\"RollbackUnavailable\"} 0.0");

    metrics.transition(IDLE, STAGING, null);
    metrics.transition(STAGING, DEGRADED, ConditionReason.APPLY_FAILED);
    metrics.transition(VERIFYING, ROLLING_BACK, ConditionReason.ROLLED_BACK);
    metrics.transition(REBOOT_REQUESTED, FAILED, ConditionReason.NODE_FAILED);

    assertThat(metrics.scrape())
        .contains("nestos_daemon_stage_failures_total{node=\"node-1\",reason=\"ApplyFailed\"} 1.0")
        .contains("nestos_daemon_reboot_failures_total{node=\"node-1\",reason=\"NodeFailed\"} 1.0")
        .contains("nestos_daemon_rollbacks_total{node=\"node-1\",reason=\"HealthCheckFailed\"} 1.0")
        .contains("nestos_daemon_rollbacks_total{node=\"node-1\",reason=\"NodeFailed\"} 0.0")
        .contains("nestos_daemon_state{node=\"node-1\",state=\"FAILED\"} 1.0")
        .contains("nestos_daemon_state{node=\"node-1\",state=\"IDLE\"} 0.0");
  }

  @Test
  void latenciesAreHistogramsWithFixedBuckets() {
    metrics.cgroupApply(Duration.ofMillis(7));
    metrics.cgroupApply(Duration.ofMillis(70));
    metrics.stage(Duration.ofSeconds(40));
    String text = metrics.scrape();

    assertThat(text)
        .contains("# TYPE nestos_daemon_cgroup_apply_latency_seconds histogram")
        .contains(
            "nestos_daemon_cgroup_apply_latency_seconds_bucket{node=\"node-1\",le=\"0.01\"} 1")
        .contains("nestos_daemon_cgroup_apply_latency_seconds_bucket{node=\"node-1\",le=\"0.1\"} 2")
        .contains("nestos_daemon_stage_duration_seconds_bucket{node=\"node-1\",le=\"30.0\"} 0")
        .contains("nestos_daemon_stage_duration_seconds_bucket{node=\"node-1\",le=\"60.0\"} 1")
        .contains("nestos_daemon_verify_duration_seconds_bucket{node=\"node-1\",le=\"+Inf\"} 0")
        .doesNotContain("quantile=");
    assertThat(
            text.lines()
                .filter(l -> l.startsWith("nestos_daemon_cgroup_apply_latency_seconds_bucket")))
        .hasSize(DaemonMetrics.APPLY_BUCKETS.length + 1);
  }

  @Test
  void driftCountsByKind() {
    metrics.driftCorrected(DriftKind.sysctl, 2);
    metrics.driftCorrected(DriftKind.cgroup, 0);
    assertThat(metrics.scrape())
        .contains("nestos_daemon_drift_corrections_total{kind=\"sysctl\",node=\"node-1\"} 2.0")
        .contains("nestos_daemon_drift_corrections_total{kind=\"cgroup\",node=\"node-1\"} 0.0");
  }

  @Test
  void jvmAndProcessMetricsCarryTheNode() {
    String text = metrics.scrape();
    assertThat(text)
        .containsPattern("jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\",node=\"node-1\"}")
        .contains("jvm_threads_live_threads{node=\"node-1\"}")
        .contains("process_cpu_usage{node=\"node-1\"}")
        .contains("process_files_open_files{node=\"node-1\"}")
        .containsPattern("nestos_process_resident_memory_bytes\\{node=\"node-1\"} [0-9.]+E[0-9]+");
  }

  private List<String> osInfo() {
    return metrics.scrape().lines().filter(l -> l.startsWith("nestos_node_os_info{")).toList();
  }

  private static Deployment deployment(String checksum, String version) {
    return new Deployment(
        checksum,
        version,
        "ostree-unverified-registry:reg/nestos@sha256:" + checksum,
        "sha256:" + checksum,
        true,
        false,
        false,
        false,
        List.of());
  }
}
