package org.openeuler.nestos.daemon.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.openeuler.nestos.daemon.core.update.UpdatePhase;

/** The daemon's {@code nestos_daemon_*} metrics (Prometheus text at {@code /metrics}). */
public final class DaemonMetrics {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger phase = new AtomicInteger();
  private final Timer stage;
  private final Timer verify;
  private final Timer cgroupApply;
  private final Counter rollbacks;
  private final Counter driftCorrections;
  private final Counter statusWrites;

  public DaemonMetrics(String node) {
    for (UpdatePhase p : UpdatePhase.values()) {
      Gauge.builder("nestos_daemon_state", phase, v -> v.get() == p.ordinal() ? 1 : 0)
          .tag("node", node)
          .tag("state", p.name())
          .description("1 for the update phase the daemon is in")
          .register(registry);
    }
    stage =
        Timer.builder("nestos_daemon_stage_duration")
            .tag("node", node)
            .description("time from a stage grant to the staged deployment")
            .register(registry);
    verify =
        Timer.builder("nestos_daemon_verify_duration")
            .tag("node", node)
            .description("time from the reboot to the verification verdict")
            .register(registry);
    cgroupApply =
        Timer.builder("nestos_daemon_cgroup_apply_latency")
            .tag("node", node)
            .description("pod event to cgroup values written")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    rollbacks = Counter.builder("nestos_daemon_rollbacks").tag("node", node).register(registry);
    driftCorrections =
        Counter.builder("nestos_daemon_drift_corrections")
            .tag("node", node)
            .description("live settings found changed and re-applied")
            .register(registry);
    statusWrites =
        Counter.builder("nestos_daemon_status_writes").tag("node", node).register(registry);
  }

  public void phase(UpdatePhase p) {
    phase.set(p.ordinal());
  }

  public void stage(Duration d) {
    stage.record(d);
  }

  public void verify(Duration d) {
    verify.record(d);
  }

  public void cgroupApply(Duration d) {
    cgroupApply.record(d);
  }

  public void rollback() {
    rollbacks.increment();
  }

  public void driftCorrected(int n) {
    driftCorrections.increment(n);
  }

  public void statusWrite() {
    statusWrites.increment();
  }

  public String scrape() {
    return registry.scrape();
  }
}
