package org.openeuler.nestos.operator.core.rollout;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.openeuler.nestos.api.v1alpha1.HealthGate;
import org.openeuler.nestos.api.v1alpha1.HealthGate.FailureAction;
import org.openeuler.nestos.api.v1alpha1.MaintenanceWindow;
import org.openeuler.nestos.api.v1alpha1.RolloutSpec;
import org.openeuler.nestos.api.v1alpha1.StagingSpec;
import org.openeuler.nestos.api.v1alpha1.StagingSpec.Policy;

/**
 * The rollout knobs of an OSVersion, defaults applied.
 *
 * @param maxUnavailable resolved against targets, percent rounded down, 0 means 1
 * @param partition at most this many targeted nodes move to (or sit at) the target
 * @param maxFailures failures tolerated; one more halts the rollout
 * @param spreadByLabel label visited round-robin when ordering, or null for name order
 * @param windows maintenance windows gating new cordons; empty means always
 * @param stagingMaxConcurrent nodes staging at once with {@link Policy#Eager}
 * @param healthDeadline a granted node NotReady longer than this after its reboot is Failed
 *     (NodeFailed)
 * @param expectationTimeout a write not seen in the cache after this long is assumed lost
 */
public record RolloutStrategy(
    IntOrPercent maxUnavailable,
    IntOrPercent partition,
    IntOrPercent maxFailures,
    boolean paused,
    String spreadByLabel,
    List<WindowSpec> windows,
    Policy stagingPolicy,
    int stagingMaxConcurrent,
    FailureAction failureAction,
    Duration healthDeadline,
    Duration expectationTimeout) {

  /** The ReplicaSet controller's expectation timeout. */
  public static final Duration DEFAULT_EXPECTATION_TIMEOUT = Duration.ofMinutes(5);

  /**
   * Schema defaults: maxUnavailable 1, partition 100%, maxFailures 0, OnGrant staging,
   * RollbackNode.
   */
  public static final RolloutStrategy DEFAULTS =
      new RolloutStrategy(
          IntOrPercent.of(1),
          IntOrPercent.percent(100),
          IntOrPercent.of(0),
          false,
          null,
          List.of(),
          Policy.OnGrant,
          1,
          FailureAction.RollbackNode,
          Duration.ofSeconds(600),
          DEFAULT_EXPECTATION_TIMEOUT);

  public RolloutStrategy {
    Objects.requireNonNull(maxUnavailable, "maxUnavailable");
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(maxFailures, "maxFailures");
    windows = windows == null ? List.of() : List.copyOf(windows);
    stagingPolicy = stagingPolicy == null ? Policy.OnGrant : stagingPolicy;
    stagingMaxConcurrent = Math.max(1, stagingMaxConcurrent);
    failureAction = failureAction == null ? FailureAction.RollbackNode : failureAction;
    healthDeadline = healthDeadline == null ? Duration.ofSeconds(600) : healthDeadline;
    expectationTimeout =
        expectationTimeout == null ? DEFAULT_EXPECTATION_TIMEOUT : expectationTimeout;
  }

  /** maxUnavailable for {@code targets} nodes: percent rounded down, never below 1. */
  public int resolvedMaxUnavailable(int targets) {
    return Math.max(1, maxUnavailable.resolve(targets));
  }

  /**
   * Builds the strategy from an OSVersion's {@code spec.rollout} (null parts take the schema
   * defaults).
   */
  public static RolloutStrategy from(RolloutSpec spec) {
    if (spec == null) {
      return DEFAULTS;
    }
    StagingSpec staging = spec.staging();
    HealthGate gate = spec.healthGate();
    return new RolloutStrategy(
        intOrPercent(spec.maxUnavailable(), DEFAULTS.maxUnavailable()),
        intOrPercent(spec.partition(), DEFAULTS.partition()),
        intOrPercent(spec.maxFailures(), DEFAULTS.maxFailures()),
        Boolean.TRUE.equals(spec.paused()),
        spec.order() == null ? null : spec.order().spreadByLabel(),
        spec.maintenanceWindows() == null
            ? List.of()
            : spec.maintenanceWindows().stream().map(RolloutStrategy::window).toList(),
        staging == null ? null : staging.policy(),
        staging == null || staging.maxConcurrent() == null ? 1 : staging.maxConcurrent(),
        gate == null ? null : gate.failureAction(),
        gate == null || gate.deadlineSeconds() == null
            ? null
            : Duration.ofSeconds(gate.deadlineSeconds()),
        DEFAULT_EXPECTATION_TIMEOUT);
  }

  private static IntOrPercent intOrPercent(IntOrString v, IntOrPercent fallback) {
    if (v == null) {
      return fallback;
    }
    if (v.getIntVal() != null) {
      return IntOrPercent.of(v.getIntVal());
    }
    return IntOrPercent.parse(v.getStrVal(), fallback);
  }

  private static WindowSpec window(MaintenanceWindow w) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    if (w.days() != null) {
      w.days()
          .forEach(d -> days.add(DayOfWeek.valueOf(d.name().toUpperCase(java.util.Locale.ROOT))));
    }
    return new WindowSpec(
        days, w.startTime(), w.durationMinutes() == null ? 0 : w.durationMinutes(), w.timeZone());
  }
}
