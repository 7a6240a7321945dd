package org.openeuler.nestos.operator.core.rollout;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.ConditionType;
import org.openeuler.nestos.api.v1alpha1.NodeFailure;
import org.openeuler.nestos.api.v1alpha1.OSVersionStatus;
import org.openeuler.nestos.operator.core.render.ConditionAggregation;
import org.openeuler.nestos.operator.core.render.Conditions;

/**
 * The OSVersion status a pass publishes (pure): from a plan, or for an image the operator cannot
 * use. The rollout reconciler writes what these return; the Argo CD health test reads them.
 */
public final class OsVersionStatuses {
  private OsVersionStatuses() {}

  /**
   * {@code old} (counts kept, observed version cleared) with Stalled conditions of reason {@code
   * code} (ImageUnavailable, PullSecretMissing, ...) for {@code generation}.
   */
  public static OSVersionStatus imageUnavailable(
      Long generation, OSVersionStatus old, String reason, ConditionReason code, Instant now) {
    List<Condition> conditions =
        List.of(
            Conditions.of(ConditionType.READY, false, code, reason, generation),
            Conditions.of(ConditionType.RECONCILING, false, code, reason, generation),
            Conditions.of(ConditionType.STALLED, true, code, reason, generation));
    OSVersionStatus status =
        old == null
            ? new OSVersionStatus(
                generation, null, null, null, null, null, null, null, null, null, null, null)
            : old;
    return new OSVersionStatus(
        generation,
        Conditions.merge(status.conditions(), conditions, now),
        status.targetNodes(),
        status.updatedNodes(),
        status.stagedNodes(),
        status.updatingNodes(),
        status.unavailableNodes(),
        status.failedNodes(),
        null,
        status.failures(),
        status.lastHandledRetry(),
        status.lastHandledRetryTime());
  }

  /**
   * The status of {@code plan} for {@code generation}: its conditions (Stalled/SelectorOverlap
   * instead when {@code overlapMessage} is set), counts, failures and retry acknowledgement, for
   * the image {@code version}; transition times kept from {@code old} where the status did not
   * change.
   */
  public static OSVersionStatus of(
      Long generation,
      OSVersionStatus old,
      RolloutPlan plan,
      String overlapMessage,
      String version,
      Instant now) {
    return of(generation, old, plan, overlapMessage, version, null, null, now);
  }

  /**
   * {@link #of(Long, OSVersionStatus, RolloutPlan, String, String, Instant)}, plus {@code
   * ImageVerified=False} with {@code uncheckedReason} and {@code uncheckedMessage} when the image
   * was not checked in its registry and the rollout proceeds anyway (null: checked).
   */
  public static OSVersionStatus of(
      Long generation,
      OSVersionStatus old,
      RolloutPlan plan,
      String overlapMessage,
      String version,
      ConditionReason uncheckedReason,
      String uncheckedMessage,
      Instant now) {
    List<RolloutCondition> planned = new ArrayList<>(plan.conditions());
    if (overlapMessage != null) {
      planned.replaceAll(
          c ->
              c.type() == ConditionType.STALLED
                  ? new RolloutCondition(
                      ConditionType.STALLED, true, ConditionReason.SELECTOR_OVERLAP, overlapMessage)
                  : c);
    }
    ConditionReason readyReason =
        planned.stream()
            .filter(c -> c.type() == ConditionType.READY && c.reason() != null)
            .map(RolloutCondition::reason)
            .findFirst()
            .orElse(ConditionReason.PROGRESSING);
    List<Condition> fresh =
        planned.stream()
            .map(
                c ->
                    Conditions.of(
                        c.type(),
                        c.status(),
                        c.reason() == null ? readyReason : c.reason(),
                        c.message(),
                        generation))
            .toList();
    List<Condition> consistent = new ArrayList<>(ConditionAggregation.consistent(fresh));
    if (uncheckedReason != null) {
      consistent.add(
          Conditions.of(
              ConditionType.IMAGE_VERIFIED, false, uncheckedReason, uncheckedMessage, generation));
    }
    List<Condition> conditions =
        Conditions.merge(old == null ? null : old.conditions(), consistent, now);
    List<NodeFailure> failures =
        plan.failures().isEmpty()
            ? null
            : plan.failures().stream().map(OsVersionStatuses::failure).toList();
    String acknowledged =
        plan.acknowledgedRetry() != null
            ? plan.acknowledgedRetry()
            : old == null ? null : old.lastHandledRetry();
    String handledAt =
        plan.retryHandledAt() == null
            ? null
            : plan.retryHandledAt().truncatedTo(ChronoUnit.MILLIS).toString();
    var counts = plan.counts();
    return new OSVersionStatus(
        generation,
        conditions,
        counts.targetNodes(),
        counts.updatedNodes(),
        counts.stagedNodes(),
        counts.updatingNodes(),
        counts.unavailableNodes(),
        counts.failedNodes(),
        version,
        failures,
        acknowledged,
        handledAt);
  }

  /**
   * The status of an OSVersion being deleted while nodes hold its finalizer: that of the (paused)
   * {@code plan}, with {@code Ready=False} and {@code Reconciling=True} of reason {@code Deleting}
   * and {@code message} (which nodes, and why).
   */
  public static OSVersionStatus deleting(
      Long generation, OSVersionStatus old, RolloutPlan plan, String message, Instant now) {
    OSVersionStatus s = of(generation, old, plan, null, old == null ? null : old.version(), now);
    List<Condition> conditions = new ArrayList<>();
    for (Condition c : s.conditions()) {
      if (ConditionType.READY.value().equals(c.getType())) {
        conditions.add(
            Conditions.of(
                ConditionType.READY, false, ConditionReason.DELETING, message, generation));
      } else if (ConditionType.RECONCILING.value().equals(c.getType())) {
        conditions.add(
            Conditions.of(
                ConditionType.RECONCILING, true, ConditionReason.DELETING, message, generation));
      } else {
        conditions.add(c);
      }
    }
    return new OSVersionStatus(
        generation,
        Conditions.merge(old == null ? null : old.conditions(), conditions, now),
        s.targetNodes(),
        s.updatedNodes(),
        s.stagedNodes(),
        s.updatingNodes(),
        s.unavailableNodes(),
        s.failedNodes(),
        s.version(),
        s.failures(),
        s.lastHandledRetry(),
        s.lastHandledRetryTime());
  }

  private static NodeFailure failure(FailedNode f) {
    return new NodeFailure(
        f.name(),
        f.reason() == null ? "Failed" : f.reason(),
        f.counted() ? null : "forgiven by a retry",
        f.revision());
  }
}
