package org.openeuler.nestos.operator.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The operator's {@code nestos_*} metrics (Prometheus names once exported). */
public final class OperatorMetrics {

  /** The node counts exported per OSVersion. */
  public enum NodeCount {
    targeted,
    updated,
    failed,
    unavailable,
    staged
  }

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

  private final Timer plannerPass;
  private final Timer rolloutReconcile;

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.plannerPass =
        Timer.builder("nestos_planner_pass")
            .description("One rollout planner pass")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    this.rolloutReconcile =
        Timer.builder("nestos_rollout_reconcile")
            .description("One OSVersion reconcile: observe, plan, act, status")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
  }

  /** Sets {@code nestos_osversion_nodes{osversion, state}}. */
  public void nodes(String osVersion, NodeCount state, long value) {
    gauges
        .computeIfAbsent(
            osVersion + "|" + state,
            k -> {
              AtomicLong holder = new AtomicLong();
              Gauge.builder("nestos_osversion_nodes", holder, AtomicLong::get)
                  .tag("osversion", osVersion)
                  .tag("state", state.name())
                  .description("Nodes targeted by an OSVersion, by state")
                  .register(registry);
              return holder;
            })
        .set(value);
  }

  public void ticketGranted(String osVersion) {
    counter("nestos_tickets_granted", osVersion, "Reboot tickets granted").increment();
  }

  public void drainFailed(String osVersion) {
    counter("nestos_drain_failures", osVersion, "Drains that were blocked or timed out")
        .increment();
  }

  public void drainTook(String osVersion, Duration duration) {
    Timer.builder("nestos_drain_duration")
        .tag("osversion", osVersion)
        .description("Node drain duration")
        .register(registry)
        .record(duration);
  }

  public void rolloutTook(String osVersion, Duration duration) {
    Timer.builder("nestos_rollout_duration")
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

  public void apiError(String verb, String resource) {
    Counter.builder("nestos_api_errors")
        .tag("verb", verb)
        .tag("resource", resource)
        .description("Kubernetes API calls that failed")
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

  private Counter counter(String name, String osVersion, String description) {
    return Counter.builder(name)
        .tag("osversion", osVersion)
        .description(description)
        .register(registry);
  }
}
