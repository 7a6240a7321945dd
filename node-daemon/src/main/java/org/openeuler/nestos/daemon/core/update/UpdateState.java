package org.openeuler.nestos.daemon.core.update;

import java.util.List;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.v1alpha1.HealthCheckResult;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.NodeStateStatus;
import org.openeuler.nestos.ostree.core.status.OsStatus;

/**
 * The machine's whole state: the phase, the durable {@link HostRecord} (as last recorded), and what
 * lives only in memory (latest spec, host observation, health results, the last reported status).
 *
 * @param reason why the node is Degraded/Failed/..., or a note such as an ignored stale ticket
 * @param healthySinceMillis start of the current passing streak while verifying
 * @param reported the status last emitted (a {@code ReportStatus} goes out only when the projection
 *     differs)
 * @param stageFailures failed attempts to stage the spec's revision so far ({@link StageRetries}),
 *     null when none
 */
public record UpdateState(
    UpdatePhase phase,
    HostRecord record,
    NodeStateSpec spec,
    String resourceVersion,
    OsStatus os,
    String bootId,
    Reason reason,
    List<HealthCheckResult> health,
    Long healthySinceMillis,
    NodeStateStatus reported,
    StageRetries.Failures stageFailures) {

  public UpdateState {
    record = record == null ? HostRecord.EMPTY : record;
    os = os == null ? new OsStatus(List.of()) : os;
    health = health == null ? List.of() : List.copyOf(health);
  }

  /** A daemon that has not read anything yet. */
  public static UpdateState initial() {
    return new UpdateState(
        UpdatePhase.IDLE,
        HostRecord.EMPTY,
        null,
        null,
        null,
        null,
        null,
        List.of(),
        null,
        null,
        null);
  }

  /** A daemon that just started: the phase and reason of its host record, the host it observes. */
  public static UpdateState restarted(HostRecord rec, OsStatus os, String bootId) {
    return new UpdateState(
        rec.phase(), rec, null, null, os, bootId, rec.reason(), List.of(), null, null, null);
  }

  public UpdateState phase(UpdatePhase p, Reason why) {
    return new UpdateState(
        p,
        record,
        spec,
        resourceVersion,
        os,
        bootId,
        why,
        health,
        healthySinceMillis,
        reported,
        stageFailures);
  }

  public UpdateState record(HostRecord r) {
    return new UpdateState(
        phase,
        r,
        spec,
        resourceVersion,
        os,
        bootId,
        reason,
        health,
        healthySinceMillis,
        reported,
        stageFailures);
  }

  public UpdateState spec(NodeStateSpec s, String rv) {
    return new UpdateState(
        phase,
        record,
        s,
        rv,
        os,
        bootId,
        reason,
        health,
        healthySinceMillis,
        reported,
        stageFailures);
  }

  public UpdateState host(OsStatus o, String boot) {
    return new UpdateState(
        phase,
        record,
        spec,
        resourceVersion,
        o,
        boot,
        reason,
        health,
        healthySinceMillis,
        reported,
        stageFailures);
  }

  public UpdateState health(List<HealthCheckResult> h, Long since) {
    return new UpdateState(
        phase,
        record,
        spec,
        resourceVersion,
        os,
        bootId,
        reason,
        h,
        since,
        reported,
        stageFailures);
  }

  /** The condition reason of {@link #reason()}, or {@code fallback} when there is none. */
  public ConditionReason reasonCode(ConditionReason fallback) {
    return Reason.code(reason, fallback);
  }

  public UpdateState stageFailures(StageRetries.Failures f) {
    return new UpdateState(
        phase,
        record,
        spec,
        resourceVersion,
        os,
        bootId,
        reason,
        health,
        healthySinceMillis,
        reported,
        f);
  }

  public UpdateState reported(NodeStateStatus s) {
    return new UpdateState(
        phase,
        record,
        spec,
        resourceVersion,
        os,
        bootId,
        reason,
        health,
        healthySinceMillis,
        s,
        stageFailures);
  }
}
