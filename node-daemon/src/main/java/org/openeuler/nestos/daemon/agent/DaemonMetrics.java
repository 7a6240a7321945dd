package org.openeuler.nestos.daemon.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.daemon.core.update.UpdatePhase;
import org.openeuler.nestos.ostree.core.status.Deployment;

/**
 * The daemon's metrics (Prometheus text at {@code /metrics}; reference: docs/metrics.md). Every
 * series carries {@code node}; the other labels are bounded: an update phase, a condition reason, a
 * drift kind, and the booted deployment of {@code nestos_node_os_info}. Latencies are histograms
 * with fixed buckets, so they aggregate across nodes. JVM and process metrics: {@link
 * DaemonProcessMetrics}.
 */
public final class DaemonMetrics implements AutoCloseable {

  /** What a phase change counts ({@link #failures}). */
  public enum FailureKind {
    /** {@code nestos_daemon_stage_failures_total}: staging the image failed. */
    STAGE("nestos_daemon_stage_failures", "Stagings of a new deployment that failed"),
    /** {@code nestos_daemon_reboot_failures_total}: the node failed the revision. */
    REBOOT(
        "nestos_daemon_reboot_failures",
        "Updates that failed around their reboot (reboot limit, wrong or vanished deployment,"
            + " a failed finalize)"),
    /** {@code nestos_daemon_rollbacks_total}: a rollback to the previous deployment started. */
    ROLLBACK("nestos_daemon_rollbacks", "Rollbacks to the previous deployment started"),
    /** {@code nestos_daemon_rollback_failures_total}: the verification failed, no rollback. */
    ROLLBACK_FAILURE(
        "nestos_daemon_rollback_failures",
        "Failed verifications that could not roll back (no previous deployment)");

    final String meter;
    final String description;

    FailureKind(String meter, String description) {
      this.meter = meter;
      this.description = description;
    }
  }

  /** One failure counted: its counter and its {@code reason} label. */
  public record Failure(FailureKind kind, ConditionReason reason) {}

  /** What a drift correction re-applied ({@code kind} of the drift counter). */
  public enum DriftKind {
    sysctl,
    cgroup
  }

  /** Stage and verification: 1 s .. 1 h. */
  static final Duration[] UPDATE_BUCKETS = {
    Duration.ofSeconds(1),
    Duration.ofSeconds(5),
    Duration.ofSeconds(15),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(2),
    Duration.ofMinutes(5),
    Duration.ofMinutes(10),
    Duration.ofMinutes(30),
    Duration.ofHours(1)
  };

  /** Pod event to cgroup values written (docs/design.md §9 target: p99 under 100 ms). */
  static final Duration[] APPLY_BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(5)
  };

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final String node;
  private final AtomicInteger phase = new AtomicInteger();
  private final Timer stage;
  private final Timer verify;
  private final Timer cgroupApply;
  private final Counter statusWrites;
  private final DaemonProcessMetrics process;
  private Gauge osInfo;
  private Deployment booted;

  public DaemonMetrics(String node) {
    this.node = node;
    registry.config().commonTags("node", node);
    for (UpdatePhase p : UpdatePhase.values()) {
      Gauge.builder("nestos_daemon_state", phase, v -> v.get() == p.ordinal() ? 1 : 0)
          .tag("state", p.name())
          .description("1 for the update phase the daemon is in")
          .register(registry);
    }
    stage =
        histogram("nestos_daemon_stage_duration", UPDATE_BUCKETS)
            .description("time from a stage grant to the staged deployment")
            .register(registry);
    verify =
        histogram("nestos_daemon_verify_duration", UPDATE_BUCKETS)
            .description("time from the reboot to the verification verdict")
            .register(registry);
    cgroupApply =
        histogram("nestos_daemon_cgroup_apply_latency", APPLY_BUCKETS)
            .description("pod event to cgroup values written (rubik apply latency)")
            .register(registry);
    statusWrites =
        Counter.builder("nestos_daemon_status_writes")
            .description("NodeState status writes")
            .register(registry);
    // created at 0 with the reasons they usually carry, so that increase() sees the first one
    failureCounter(FailureKind.STAGE, ConditionReason.APPLY_FAILED);
    failureCounter(FailureKind.REBOOT, ConditionReason.NODE_FAILED);
    failureCounter(FailureKind.ROLLBACK, ConditionReason.HEALTH_CHECK_FAILED);
    failureCounter(FailureKind.ROLLBACK, ConditionReason.NODE_FAILED);
    failureCounter(FailureKind.ROLLBACK_FAILURE, ConditionReason.ROLLBACK_UNAVAILABLE);
    for (DriftKind k : DriftKind.values()) {
      drift(k);
    }
    process = new DaemonProcessMetrics(registry);
  }

  /**
   * The failures a phase change {@code from -> to} counts, with the state's condition reason {@code
   * reason}: a stage that ends DEGRADED/FAILED; a FAILED node (except right after staging); a
   * rollback started (reason HealthCheckFailed after a failed verification, else NodeFailed: the
   * reboot landed on an unexpected deployment); ROLLBACK_UNAVAILABLE. A daemon restarted by the
   * reboot starts from IDLE, so only phases reached in one process are compared.
   */
  public static List<Failure> failures(UpdatePhase from, UpdatePhase to, ConditionReason reason) {
    List<Failure> out = new ArrayList<>();
    if (from == to) {
      return out;
    }
    if (from == UpdatePhase.STAGING && (to == UpdatePhase.DEGRADED || to == UpdatePhase.FAILED)) {
      out.add(new Failure(FailureKind.STAGE, or(reason, ConditionReason.APPLY_FAILED)));
      return out;
    }
    switch (to) {
      case FAILED ->
          out.add(new Failure(FailureKind.REBOOT, or(reason, ConditionReason.NODE_FAILED)));
      case ROLLING_BACK ->
          out.add(
              new Failure(
                  FailureKind.ROLLBACK,
                  from == UpdatePhase.VERIFYING
                      ? ConditionReason.HEALTH_CHECK_FAILED
                      : ConditionReason.NODE_FAILED));
      case ROLLBACK_UNAVAILABLE ->
          out.add(new Failure(FailureKind.ROLLBACK_FAILURE, ConditionReason.ROLLBACK_UNAVAILABLE));
      default -> {}
    }
    return out;
  }

  /** A phase change: the phase gauge and the failure counters ({@link #failures}). */
  public void transition(UpdatePhase from, UpdatePhase to, ConditionReason reason) {
    phase(to);
    for (Failure f : failures(from, to, reason)) {
      failureCounter(f.kind(), f.reason()).increment();
    }
  }

  public void phase(UpdatePhase p) {
    phase.set(p.ordinal());
  }

  /**
   * The booted deployment: {@code nestos_node_os_info{node, version, image, checksum} 1}, one
   * series per node, replaced when a reboot changes it.
   */
  public synchronized void booted(Deployment d) {
    if (d == null || sameDeployment(d, booted)) {
      return;
    }
    if (osInfo != null) {
      registry.remove(osInfo);
    }
    booted = d;
    osInfo =
        Gauge.builder("nestos_node_os.info", () -> 1)
            .tag("version", nz(d.version()))
            .tag("image", nz(d.imageReference()))
            .tag("checksum", nz(d.checksum()))
            // ".info": Micrometer exports an info metric, nestos_node_os_info{...} 1
            .description("1 for the deployment the node booted: OS version, image and checksum")
            .register(registry);
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

  /** Live settings found changed and re-applied. */
  public void driftCorrected(DriftKind kind, int n) {
    drift(kind).increment(n);
  }

  public void statusWrite() {
    statusWrites.increment();
  }

  public String scrape() {
    return registry.scrape();
  }

  public String node() {
    return node;
  }

  private Counter failureCounter(FailureKind kind, ConditionReason reason) {
    return Counter.builder(kind.meter)
        .tag("reason", reason.value())
        .description(kind.description)
        .register(registry);
  }

  private Counter drift(DriftKind kind) {
    return Counter.builder("nestos_daemon_drift_corrections")
        .tag("kind", kind.name())
        .description("live settings found changed and re-applied")
        .register(registry);
  }

  private static Timer.Builder histogram(String name, Duration[] bounds) {
    return Timer.builder(name).publishPercentileHistogram(false).serviceLevelObjectives(bounds);
  }

  private static boolean sameDeployment(Deployment a, Deployment b) {
    return b != null
        && Objects.equals(a.checksum(), b.checksum())
        && Objects.equals(a.version(), b.version())
        && Objects.equals(a.imageReference(), b.imageReference());
  }

  private static ConditionReason or(ConditionReason r, ConditionReason fallback) {
    return r == null ? fallback : r;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  @Override
  public void close() {
    process.close();
    registry.close();
  }
}
