package org.openeuler.nestos.daemon.core.update;

import static org.openeuler.nestos.daemon.core.update.UpdatePhase.*;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.ConditionType;
import org.openeuler.nestos.api.v1alpha1.DeploymentInfo;
import org.openeuler.nestos.api.v1alpha1.Deployments;
import org.openeuler.nestos.api.v1alpha1.NodeStateStatus;
import org.openeuler.nestos.ostree.core.status.Deployment;

/**
 * The NodeState status fields the update machine owns, projected from its state (pure). Fields
 * owned by other parts of the daemon (agentVersion, sysctls, rubik) stay null for the writer to
 * merge; condition transition times and observedGeneration are stamped by the writer. Nothing here
 * changes with time alone (no heartbeat).
 */
public final class StatusProjection {

  /** Bound of {@code status.healthChecks}. */
  public static final int MAX_HEALTH_RESULTS = 16;

  private static final Set<UpdatePhase> STAGED_PHASES = Set.of(STAGED, CLAIMING, REBOOT_REQUESTED);

  private StatusProjection() {}

  public static NodeStateStatus project(UpdateState s) {
    HostRecord rec = s.record();
    UpdatePhase p = s.phase();
    String stagedRevision =
        STAGED_PHASES.contains(p) && s.spec() != null
            ? s.spec().revision()
            : p == REBOOT_REQUESTED ? rec.revision() : null;
    String ticket = p.inFlight() || p.terminal() ? rec.ticket() : null;
    var health =
        s.health().size() > MAX_HEALTH_RESULTS
            ? s.health().subList(0, MAX_HEALTH_RESULTS)
            : s.health();
    Deployments deployments =
        s.os().deployments().isEmpty()
            ? null
            : new Deployments(
                info(s.os().booted().orElse(null)),
                info(s.os().staged().orElse(null)),
                info(s.os().rollback().orElse(null)));
    return new NodeStateStatus(
        null,
        s.bootId(),
        rec.currentRevision(),
        stagedRevision,
        rec.lastFailedRevision(),
        ticket,
        deployments,
        rec.appliedKernelArguments().isEmpty() ? null : rec.appliedKernelArguments(),
        null,
        null,
        health.isEmpty() ? null : List.copyOf(health),
        conditions(s));
  }

  static List<Condition> conditions(UpdateState s) {
    UpdatePhase p = s.phase();
    ConditionReason progress =
        atLiveOnlyRevision(s) ? ConditionReason.UP_TO_DATE : progress(p, s.reason());
    String msg = Reason.message(s.reason());
    boolean updated = p == UPDATED || atLiveOnlyRevision(s);
    boolean degraded =
        p == DEGRADED
            || p == FAILED
            || p == ROLLED_BACK
            || p == ROLLBACK_UNAVAILABLE
            || p == HALTED;
    boolean rebootPending =
        STAGED_PHASES.contains(p)
            || p == ROLLING_BACK
            || p == IDLE
                && Reason.code(s.reason(), null) == ConditionReason.KERNEL_ARGUMENTS_PENDING;
    List<Condition> update =
        List.of(
            condition(
                ConditionType.STAGED,
                STAGED_PHASES.contains(p),
                STAGED_PHASES.contains(p) ? ConditionReason.STAGED : progress,
                null),
            condition(
                ConditionType.REBOOT_PENDING, rebootPending, progress, rebootPending ? msg : null),
            condition(ConditionType.UPDATED, updated, progress, updated ? null : msg),
            condition(ConditionType.DEGRADED, degraded, progress, degraded ? msg : null));
    Reason counting = s.record().bootCounting();
    if (counting == null) {
      return update;
    }
    List<Condition> all = new ArrayList<>(update);
    all.add(
        condition(
            ConditionType.BOOT_COUNTING,
            BootCountingSteps.counts(counting),
            Reason.code(counting, ConditionReason.NOT_COUNTING),
            Reason.message(counting)));
    return List.copyOf(all);
  }

  /**
   * A NodeState with no OS target (only live config selects the node) whose revision the node has
   * recorded as current: there is nothing left for the OS to do, so it reads as up to date rather
   * than progressing.
   */
  private static boolean atLiveOnlyRevision(UpdateState s) {
    return s.phase() == IDLE
        && s.spec() != null
        && Desired.parse(s.spec()) instanceof Desired.NoTarget
        && s.spec().revision() != null
        && s.spec().revision().equals(s.record().currentRevision());
  }

  private static ConditionReason progress(UpdatePhase p, Reason reason) {
    return switch (p) {
      case IDLE -> Reason.code(reason, ConditionReason.PROGRESSING);
      case DEGRADED -> Reason.code(reason, ConditionReason.INVALID_SPEC);
      case STAGING -> ConditionReason.STAGING;
      case STAGED, CLAIMING -> ConditionReason.STAGED;
      case REBOOT_REQUESTED, ROLLING_BACK -> ConditionReason.REBOOTING;
      case VERIFYING -> ConditionReason.VERIFYING;
      case UPDATED -> ConditionReason.UP_TO_DATE;
      case ROLLED_BACK -> ConditionReason.ROLLED_BACK;
      case FAILED -> Reason.code(reason, ConditionReason.NODE_FAILED);
      case ROLLBACK_UNAVAILABLE -> ConditionReason.ROLLBACK_UNAVAILABLE;
      case HALTED -> ConditionReason.RECORD_UNREADABLE;
    };
  }

  private static Condition condition(
      ConditionType type, boolean status, ConditionReason reason, String message) {
    return new ConditionBuilder()
        .withType(type.value())
        .withStatus(status ? "True" : "False")
        .withReason(reason.value())
        .withMessage(message)
        .build();
  }

  private static DeploymentInfo info(Deployment d) {
    return d == null
        ? null
        : new DeploymentInfo(
            d.imageReference(), d.checksum(), d.version(), d.imageDigest(), d.pinned());
  }
}
