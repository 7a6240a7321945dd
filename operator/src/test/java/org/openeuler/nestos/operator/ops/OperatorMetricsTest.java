package org.openeuler.nestos.operator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.operator.ops.OperatorMetrics.DrainFailure;
import org.openeuler.nestos.operator.ops.OperatorMetrics.NodeCount;

class OperatorMetricsTest {

  final StepClock clock = new StepClock(Instant.parse("2026-01-01T00:00:00Z"));
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final OperatorMetrics metrics = new OperatorMetrics(registry, clock);

  @Test
  void latenciesAreHistogramsWithFixedBucketsNotSummaries() {
    metrics.drainTook("workers", Duration.ofSeconds(20));
    metrics.drainTook("workers", Duration.ofMinutes(3));
    metrics.plannerPass(Duration.ofMillis(3).toNanos());
    metrics.rolloutTook("workers", Duration.ofMinutes(40));
    String text = registry.scrape();

    assertThat(text)
        .contains("# TYPE nestos_drain_duration_seconds histogram")
        .contains("nestos_drain_duration_seconds_bucket{osversion=\"workers\",le=\"10.0\"} 0")
        .contains("nestos_drain_duration_seconds_bucket{osversion=\"workers\",le=\"30.0\"} 1")
        .contains("nestos_drain_duration_seconds_bucket{osversion=\"workers\",le=\"300.0\"} 2")
        .contains("nestos_drain_duration_seconds_bucket{osversion=\"workers\",le=\"+Inf\"} 2")
        .contains("nestos_planner_pass_seconds_bucket{le=\"0.005\"} 1")
        .contains("nestos_rollout_reconcile_seconds_bucket{le=\"+Inf\"} 0")
        .contains("nestos_rollout_duration_seconds_bucket{osversion=\"workers\",le=\"3600.0\"} 1")
        .doesNotContain("quantile=");
    assertThat(text.lines().filter(l -> l.startsWith("nestos_drain_duration_seconds_bucket")))
        .as("10 bounds + Inf")
        .hasSize(11);
  }

  @Test
  void drainFailuresCountByBoundedReasonAndStartAtZeroPerOsVersion() {
    metrics.nodes("workers", NodeCount.targeted, 3);
    assertThat(registry.scrape())
        .contains("nestos_drain_failures_total{osversion=\"workers\",reason=\"Blocked\"} 0.0")
        .contains("nestos_drain_failures_total{osversion=\"workers\",reason=\"Timeout\"} 0.0")
        .contains("nestos_tickets_granted_total{osversion=\"workers\"} 0.0");

    metrics.drainFailed("workers", DrainFailure.Timeout);
    metrics.drainFailed("workers", DrainFailure.Timeout);
    metrics.drainFailed("workers", DrainFailure.Blocked);

    assertThat(registry.scrape())
        .contains("nestos_drain_failures_total{osversion=\"workers\",reason=\"Blocked\"} 1.0")
        .contains("nestos_drain_failures_total{osversion=\"workers\",reason=\"Timeout\"} 2.0");
  }

  @Test
  void readyReasonIsOneForTheCurrentReasonOnly() {
    metrics.readyReason("workers", ConditionReason.PROGRESSING);
    metrics.readyReason("workers", ConditionReason.PAUSED);
    String text = registry.scrape();

    assertThat(text)
        .contains("nestos_osversion_ready_reason{osversion=\"workers\",reason=\"Paused\"} 1.0")
        .contains("nestos_osversion_ready_reason{osversion=\"workers\",reason=\"Progressing\"} 0.0")
        .contains(
            "nestos_osversion_ready_reason{osversion=\"workers\",reason=\"RolloutComplete\"} 0.0");
    assertThat(text.lines().filter(l -> l.startsWith("nestos_osversion_ready_reason{")))
        .hasSize(OperatorMetrics.READY_REASONS.size());
  }

  @Test
  void lastProgressMovesWhenANodeIsStagedUpdatedOrFailedNotOnOtherCounts() {
    metrics.nodes("workers", NodeCount.targeted, 3);
    assertThat(progress()).isEqualTo("1.7672256E9");

    clock.advance(Duration.ofMinutes(10));
    metrics.nodes("workers", NodeCount.targeted, 4);
    metrics.nodes("workers", NodeCount.unavailable, 1);
    metrics.nodes("workers", NodeCount.updated, 0);
    assertThat(progress()).as("no node moved forward").isEqualTo("1.7672256E9");

    metrics.nodes("workers", NodeCount.staged, 1);
    assertThat(progress()).isEqualTo("1.7672262E9");

    clock.advance(Duration.ofMinutes(5));
    metrics.nodes("workers", NodeCount.staged, 1);
    assertThat(progress()).as("the same count again").isEqualTo("1.7672262E9");
    metrics.nodes("workers", NodeCount.failed, 1);
    assertThat(progress()).isEqualTo("1.7672265E9");
  }

  @Test
  void forgetRemovesEveryMeterOfTheOsVersionAndKeepsTheOthers() {
    metrics.nodes("workers", NodeCount.updated, 1);
    metrics.readyReason("workers", ConditionReason.PROGRESSING);
    metrics.drainTook("workers", Duration.ofSeconds(3));
    metrics.nodes("infra", NodeCount.updated, 2);

    metrics.forget("workers");

    String text = registry.scrape();
    assertThat(text).doesNotContain("osversion=\"workers\"");
    assertThat(text).contains("nestos_osversion_nodes{osversion=\"infra\",state=\"updated\"} 2.0");
    metrics.nodes("workers", NodeCount.updated, 4);
    assertThat(registry.scrape())
        .as("registered again when the name comes back")
        .contains("nestos_osversion_nodes{osversion=\"workers\",state=\"updated\"} 4.0");
  }

  @Test
  void leaderGaugeFollowsLeadership() {
    assertThat(registry.scrape()).contains("nestos_operator_leader 0.0");
    metrics.leader(true);
    assertThat(registry.scrape()).contains("nestos_operator_leader 1.0");
    metrics.leader(false);
    assertThat(registry.scrape()).contains("nestos_operator_leader 0.0");
  }

  @Test
  void processMetricsExportJvmMemoryGcThreadsClassesCpuUptimeFdsAndRss() {
    try (ProcessMetrics p = new ProcessMetrics(registry)) {
      String text = registry.scrape();
      assertThat(text)
          .contains("jvm_memory_used_bytes{area=\"heap\"")
          .contains("jvm_threads_live_threads")
          .contains("jvm_classes_loaded_classes")
          .contains("process_cpu_usage")
          .contains("process_uptime_seconds")
          .contains("process_files_open_files")
          .contains("jvm_gc_memory_allocated_bytes_total");
      double rss = ProcessMetrics.residentBytes();
      assertThat(rss).as("VmRSS of this JVM").isGreaterThan(10 * 1024 * 1024);
      assertThat(text).containsPattern("nestos_process_resident_memory_bytes [0-9.E]+");
    }
  }

  @Test
  void residentBytesReadsVmRssInKibAndIsNanWithoutIt(@TempDir Path dir) throws Exception {
    Path status = dir.resolve("status");
    Files.writeString(
        status, "Name:\tjava\nVmHWM:\t  90000 kB\nVmRSS:\t   81234 kB\nThreads:\t12\n");
    assertThat(ProcessMetrics.residentBytes(status)).isEqualTo(81234 * 1024.0);
    assertThat(ProcessMetrics.residentBytes(dir.resolve("missing"))).isNaN();
  }

  private String progress() {
    return registry
        .scrape()
        .lines()
        .filter(l -> l.startsWith("nestos_osversion_last_progress_timestamp_seconds{"))
        .map(l -> l.substring(l.lastIndexOf(' ') + 1))
        .findFirst()
        .orElseThrow();
  }

  /** A clock that moves only when told. */
  static final class StepClock extends Clock {
    private final AtomicReference<Instant> now;

    StepClock(Instant start) {
      now = new AtomicReference<>(start);
    }

    void advance(Duration d) {
      now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}
