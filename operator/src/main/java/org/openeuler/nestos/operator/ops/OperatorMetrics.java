package org.openeuler.nestos.operator.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openeuler.nestos.api.ConditionReason;

/**
 * The operator's {@code nestos_*} metrics (Prometheus names once exported; reference:
 * docs/metrics.md). Labels are bounded: an OSVersion name, an enum value, an API verb and resource;
 * never a node or a pod. Latencies are histograms with fixed buckets ({@link Buckets}) so they
 * aggregate across operator restarts and replicas.
 */
public final class OperatorMetrics {

  /** The node counts exported per OSVersion. */
  public enum NodeCount {
    targeted,
    updated,
    failed,
    unavailable,
    staged
  }

  /** Why a drain failed ({@code reason} of {@code nestos_drain_failures_total}). */
  public enum DrainFailure {
    /** Blockers found before cordoning (a pod that cannot be evicted); nothing was touched. */
    Blocked,
    /** Evictions still refused when the drain timeout ran out. */
    Timeout
  }

  /** The Ready reasons an OSVersion can have (labels of {@code nestos_osversion_ready_reason}). */
  static final java.util.List<ConditionReason> READY_REASONS =
      java.util.List.of(
          ConditionReason.ROLLOUT_COMPLETE,
          ConditionReason.NO_TARGETS,
          ConditionReason.PROGRESSING,
          ConditionReason.PAUSED,
          ConditionReason.OUTSIDE_MAINTENANCE_WINDOW,
          ConditionReason.PARTITION_REACHED,
          ConditionReason.WAITING_FOR_BUDGET,
          ConditionReason.DRAIN_BLOCKED,
          ConditionReason.FAILURE_BUDGET_EXCEEDED,
          ConditionReason.INVALID_SPEC);

  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, OsVersionGauges> osVersions = new ConcurrentHashMap<>();
  private final AtomicLong leader = new AtomicLong();

  private final Timer plannerPass;
  private final Timer rolloutReconcile;

  public OperatorMetrics(MeterRegistry registry) {
    this(registry, Clock.systemUTC());
  }

  public OperatorMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.plannerPass =
        Buckets.histogram(Timer.builder("nestos_planner_pass"), Buckets.FAST)
            .description("One rollout planner pass")
            .register(registry);
    this.rolloutReconcile =
        Buckets.histogram(Timer.builder("nestos_rollout_reconcile"), Buckets.FAST)
            .description("One OSVersion reconcile: observe, plan, act, status")
            .register(registry);
    Gauge.builder("nestos_operator_leader", leader, AtomicLong::get)
        .description("1 while this operator instance leads (reconciles), else 0")
        .register(registry);
    Counter.builder("nestos_foreign_grants_reverted")
        .description("NodeState disruption grants not issued by the operator, reverted")
        .register(registry);
  }

  /** Sets {@code nestos_operator_leader}: this instance leads (reconciles) or stopped leading. */
  public void leader(boolean leading) {
    leader.set(leading ? 1 : 0);
  }

  /** Sets {@code nestos_osversion_nodes{osversion, state}}. */
  public void nodes(String osVersion, NodeCount state, long value) {
    OsVersionGauges g = gauges(osVersion);
    AtomicLong holder = g.counts.get(state);
    long old = holder.getAndSet(value);
    if (old != value && state != NodeCount.targeted && state != NodeCount.unavailable) {
      // progress: a node got staged, updated or failed (docs/metrics.md, NestosRolloutStalled)
      g.lastProgress.set(clock.millis());
    }
  }

  /**
   * Sets {@code nestos_osversion_ready_reason{osversion, reason}}: 1 for the reason of the
   * OSVersion's Ready condition, 0 for the others.
   */
  public void readyReason(String osVersion, ConditionReason reason) {
    OsVersionGauges g = gauges(osVersion);
    g.readyReason.set(reason == null ? null : reason.value());
  }

  /** Removes every meter of a deleted OSVersion, so no alert fires on a rollout that is gone. */
  public void forget(String osVersion) {
    osVersions.remove(osVersion);
    for (Meter m : registry.getMeters()) {
      if (osVersion.equals(m.getId().getTag("osversion"))) {
        registry.remove(m);
      }
    }
  }

  public void ticketGranted(String osVersion) {
    ticketsGranted(osVersion).increment();
  }

  private Counter ticketsGranted(String osVersion) {
    return Counter.builder("nestos_tickets_granted")
        .tag("osversion", osVersion)
        .description("Reboot tickets granted")
        .register(registry);
  }

  /** A drain failed ({@code nestos_drain_failures_total{osversion, reason}}). */
  public void drainFailed(String osVersion, DrainFailure reason) {
    drainFailures(osVersion, reason).increment();
  }

  private Counter drainFailures(String osVersion, DrainFailure reason) {
    return Counter.builder("nestos_drain_failures")
        .tag("osversion", osVersion)
        .tag("reason", reason.name())
        .description("Drains that were blocked or timed out")
        .register(registry);
  }

  public void drainTook(String osVersion, Duration duration) {
    Buckets.histogram(Timer.builder("nestos_drain_duration"), Buckets.SLOW)
        .tag("osversion", osVersion)
        .description("Node drain duration")
        .register(registry)
        .record(duration);
  }

  public void rolloutTook(String osVersion, Duration duration) {
    Buckets.histogram(Timer.builder("nestos_rollout_duration"), Buckets.ROLLOUT)
        .tag("osversion", osVersion)
        .description("Time from the first grant to the last node updated")
        .register(registry)
        .record(duration);
  }

  /**
   * One planner pass ({@code nestos_planner_pass_seconds}; docs/design.md §9 target: under 10 ms at
   * 5,000 nodes).
   */
  public void plannerPass(long nanos) {
    plannerPass.record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * One whole OSVersion reconcile: observe, plan, act, status ({@code
   * nestos_rollout_reconcile_seconds}).
   */
  public void rolloutReconcile(long nanos) {
    rolloutReconcile.record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * A NodeState disruption grant the operator did not issue was reverted ({@code
   * nestos_foreign_grants_reverted_total}).
   */
  public void foreignGrantReverted() {
    Counter.builder("nestos_foreign_grants_reverted")
        .description("NodeState disruption grants not issued by the operator, reverted")
        .register(registry)
        .increment();
  }

  /**
   * A Normal event was not written: too many waited for a writer ({@code
   * nestos_events_dropped_total}).
   */
  public void eventDropped() {
    Counter.builder("nestos_events_dropped")
        .description("Normal events not written because too many waited for a writer")
        .register(registry)
        .increment();
  }

  public void apiError(String verb, String resource) {
    Counter.builder("nestos_api_errors")
        .tag("verb", verb)
        .tag("resource", resource)
        .description("Kubernetes API calls that failed")
        .register(registry)
        .increment();
  }

  /**
   * A PSI eviction attempt for a RubikPolicy ({@code nestos_psi_evictions_total}); {@code result}
   * {@code evicted}, {@code blocked} (a PodDisruptionBudget refused), {@code none} (no offline pod
   * may be evicted from the pressured node), {@code gone} (deleted meanwhile) or {@code error}.
   */
  public void psiEviction(String policy, String result) {
    Counter.builder("nestos_psi_evictions")
        .tag("policy", policy)
        .tag("result", result)
        .description("Offline pods the operator evicted, or could not, for a node's PSI pressure")
        .register(registry)
        .increment();
  }

  /**
   * An object skipped because it cannot be read or has no spec ({@code nestos_unusable_objects}).
   */
  public void unusableObject(String kind, String reason) {
    Counter.builder("nestos_unusable_objects")
        .tag("kind", kind)
        .tag("reason", reason)
        .description(
            "Objects the operator skipped because it cannot read them or they have no spec")
        .register(registry)
        .increment();
  }

  private OsVersionGauges gauges(String osVersion) {
    return osVersions.computeIfAbsent(osVersion, this::register);
  }

  private OsVersionGauges register(String osVersion) {
    OsVersionGauges g = new OsVersionGauges(clock.millis());
    for (NodeCount state : NodeCount.values()) {
      AtomicLong holder = new AtomicLong();
      g.counts.put(state, holder);
      Gauge.builder("nestos_osversion_nodes", holder, AtomicLong::get)
          .tag("osversion", osVersion)
          .tag("state", state.name())
          .description("Nodes targeted by an OSVersion, by state")
          .register(registry);
    }
    Gauge.builder("nestos_osversion_last_progress_timestamp", g.lastProgress, v -> v.get() / 1e3)
        .tag("osversion", osVersion)
        .baseUnit("seconds")
        .description(
            "When a node of the OSVersion last got staged, updated or failed (or the operator"
                + " first reported it), Unix time")
        .register(registry);
    for (ConditionReason r : READY_REASONS) {
      String value = r.value();
      Gauge.builder(
              "nestos_osversion_ready_reason",
              g.readyReason,
              v -> Objects.equals(v.get(), value) ? 1 : 0)
          .tag("osversion", osVersion)
          .tag("reason", value)
          .description("1 for the reason of the OSVersion's Ready condition, else 0")
          .register(registry);
    }
    // counters created at 0, so that increase() sees the first failure and the dashboard a series
    ticketsGranted(osVersion);
    for (DrainFailure r : DrainFailure.values()) {
      drainFailures(osVersion, r);
    }
    return g;
  }

  /** The gauges' state of one OSVersion. */
  private static final class OsVersionGauges {
    final Map<NodeCount, AtomicLong> counts = new ConcurrentHashMap<>();
    final AtomicLong lastProgress;
    final java.util.concurrent.atomic.AtomicReference<String> readyReason =
        new java.util.concurrent.atomic.AtomicReference<>();

    OsVersionGauges(long nowMillis) {
      lastProgress = new AtomicLong(nowMillis);
    }
  }
}
