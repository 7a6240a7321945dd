package org.openeuler.nestos.daemon.core.update;

import static org.openeuler.nestos.daemon.core.update.UpdatePhase.*;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.v1alpha1.HealthCheck;
import org.openeuler.nestos.api.v1alpha1.HealthGate;
import org.openeuler.nestos.daemon.core.update.HostRecord.Intent;
import org.openeuler.nestos.daemon.core.update.UpdateAction.*;
import org.openeuler.nestos.daemon.core.update.UpdateEvent.*;
import org.openeuler.nestos.ostree.core.ref.OstreeImageReference;
import org.openeuler.nestos.ostree.core.status.Deployment;

/**
 * The after-reboot half of the machine: recovery from the host record, verification, health gate,
 * rollback.
 */
final class Verification {

  static final int DEFAULT_DEADLINE_SECONDS = 600;
  static final int DEFAULT_MIN_READY_SECONDS = 30;

  private Verification() {}

  /**
   * Daemon start: rebuild the state from the host record; reboot now if the recorded reboot did not
   * happen.
   */
  static Transition onRestart(Restarted r) {
    HostRecord rec = r.record() == null ? HostRecord.EMPTY : r.record();
    UpdateState s = UpdateState.restarted(rec, r.os(), r.bootId());
    if (r.recordProblem() != null) {
      // the record is kept as it is (no RecordIntent): it may hold the counts an admin can recover
      return Transition.of(
              s.phase(
                  HALTED,
                  Reason.of(
                      ConditionReason.RECORD_UNREADABLE,
                      r.recordProblem()
                          + ": OS updates are halted (the reboot counts and any reboot in flight"
                          + " are unknown); repair or remove the file and restart the daemon")))
          .note("restart: host record unreadable, OS updates halted");
    }
    if (rec.intent() != Intent.NONE) {
      if (!Objects.equals(r.bootId(), rec.intentBootId())) {
        return resume(s, r.kernelCommandLine())
            .note("restart: boot_id changed since the intent, verifying");
      }
      if (rec.intent() == Intent.ROLLBACK) {
        return Transition.of(s.phase(ROLLING_BACK, null), new Rollback())
            .note("restart: rollback did not happen");
      }
      // staged, or already finalized by a finalize killed before its reboot (the pending default
      // deployment): either way only the finalize-and-reboot is left, and it recognises its own
      // work (docs/decisions.md §14)
      boolean stagedThere =
          java.util.stream.Stream.of(s.os().staged(), s.os().pending())
              .flatMap(java.util.Optional::stream)
              .anyMatch(d -> d.checksum().equals(rec.expectedChecksum()));
      if (!stagedThere) {
        return failed(
            s,
            Reason.of(
                ConditionReason.NODE_FAILED,
                "staged deployment " + rec.expectedChecksum() + " vanished before its reboot"));
      }
      return Transition.of(
              s.phase(REBOOT_REQUESTED, null),
              new Pin(rec.rollbackChecksum()),
              new FinalizeAndReboot(rec.expectedChecksum()))
          .note("restart: reboot did not happen, rebooting now");
    }
    if (rec.phase() == VERIFYING) {
      return Transition.of(s, new RunHealthChecks(checks(rec)));
    }
    return Transition.of(rec.phase().terminal() ? s : s.phase(IDLE, null));
  }

  /**
   * A new {@code boot_id} after a recorded intent: the reboot happened; check where it landed, and
   * with which kernel arguments ({@code commandLine}: the running kernel's; null: unread, the
   * booted deployment's boot entry stands in).
   */
  static Transition resume(UpdateState s, List<String> commandLine) {
    HostRecord rec = s.record();
    Deployment booted = s.os().booted().orElse(null);
    if (rec.intent() == Intent.ROLLBACK) {
      if (booted != null && booted.checksum().equals(rec.rollbackChecksum())) {
        HostRecord r =
            rec.toBuilder()
                .phase(ROLLED_BACK)
                .intent(Intent.NONE, null)
                .lastFailedRevision(rec.revision())
                .build();
        return Transition.of(s.record(r).phase(ROLLED_BACK, rec.reason()), new RecordIntent(r));
      }
      return failed(
          s,
          Reason.of(
              ConditionReason.NODE_FAILED,
              "rollback booted " + checksum(booted) + ", expected " + rec.rollbackChecksum()));
    }
    if (booted != null
        && booted.checksum().equals(rec.expectedChecksum())
        && sameImage(booted, rec)
        && booted.kernelArguments().containsAll(rec.kernelArguments())) {
      // tokens the update removed from the deployment must be gone from the kernel's line too
      List<String> removed =
          rec.appliedKernelArguments().stream()
              .filter(t -> !rec.kernelArguments().contains(t))
              .filter(t -> !booted.kernelArguments().contains(t))
              .toList();
      String wrong =
          KernelCommandLine.mismatch(
              commandLine == null ? booted.kernelArguments() : commandLine,
              rec.kernelArguments(),
              removed);
      if (wrong != null) {
        return verificationFailed(
            s,
            Reason.of(
                ConditionReason.NODE_FAILED,
                "the kernel booted "
                    + wrong
                    + " (/proc/cmdline): the boot entry did not pass the deployment's kernel"
                    + " arguments"));
      }
      HostRecord r = rec.toBuilder().phase(VERIFYING).intent(Intent.NONE, null).build();
      return Transition.of(
          s.record(r).phase(VERIFYING, null).health(List.of(), null),
          new RecordIntent(r),
          new RunHealthChecks(checks(r)));
    }
    if (booted != null && booted.checksum().equals(rec.rollbackChecksum())) {
      return failed(
          s,
          Reason.of(
              ConditionReason.NODE_FAILED,
              "the reboot came back on the previous deployment (unplanned reboot before finalization?)"));
    }
    return verificationFailed(
        s,
        Reason.of(
            ConditionReason.NODE_FAILED,
            "booted "
                + checksum(booted)
                + " is not the rendered image "
                + rec.imageReference()
                + " with "
                + rec.kernelArguments()));
  }

  static Transition onHealth(UpdateState s, HealthResult h) {
    if (s.phase() != VERIFYING) {
      return Transition.of(s);
    }
    long at = h.at().toEpochMilli();
    HostRecord rec = s.record();
    boolean started = rec.verifyStartedAtMillis() == null;
    if (started) {
      rec = rec.toBuilder().verifyStartedAtMillis(at).build();
      s = s.record(rec);
    }
    HealthGate gate = rec.healthGate();
    Long since = h.pass() ? (s.healthySinceMillis() == null ? at : s.healthySinceMillis()) : null;
    s = s.health(HealthTransitions.stamp(s.health(), h.results(), h.at()), since);
    Transition t;
    if (since != null && at - since >= 1000L * minReady(gate)) {
      HostRecord r =
          rec.toBuilder()
              .phase(UPDATED)
              .currentRevision(rec.revision())
              .appliedKernelArguments(rec.kernelArguments())
              .reason(null)
              .build();
      return Transition.of(s.record(r).phase(UPDATED, null), new RecordIntent(r));
    } else if (at - rec.verifyStartedAtMillis() >= 1000L * deadline(gate)) {
      t =
          verificationFailed(
              s,
              Reason.of(
                  ConditionReason.HEALTH_CHECK_FAILED,
                  "health checks did not pass for "
                      + minReady(gate)
                      + "s within "
                      + deadline(gate)
                      + "s"));
    } else {
      t = Transition.of(s);
    }
    return started ? prepend(t, new RecordIntent(rec)) : t;
  }

  static Transition onTick(UpdateState s, Instant now) {
    if (s.phase() != VERIFYING) {
      return Transition.of(s);
    }
    HostRecord rec = s.record();
    if (rec.verifyStartedAtMillis() == null) {
      HostRecord r = rec.toBuilder().verifyStartedAtMillis(now.toEpochMilli()).build();
      return Transition.of(s.record(r), new RecordIntent(r), new RunHealthChecks(checks(r)));
    }
    if (now.toEpochMilli() - rec.verifyStartedAtMillis() >= 1000L * deadline(rec.healthGate())) {
      return verificationFailed(
          s,
          Reason.of(
              ConditionReason.HEALTH_CHECK_FAILED,
              "verification deadline of " + deadline(rec.healthGate()) + "s passed"));
    }
    return Transition.of(s, new RunHealthChecks(checks(rec)));
  }

  /** Verification failed: {@code failureAction} decides, within the one-rollback-reboot limit. */
  static Transition verificationFailed(UpdateState s, Reason reason) {
    HostRecord rec = s.record();
    HealthGate gate = rec.healthGate();
    if (gate != null && gate.failureAction() == HealthGate.FailureAction.LeaveNode) {
      return failed(s, reason.append(" (failureAction LeaveNode)"));
    }
    if (rec.count(rec.revision(), rec.ticket()).rollback() >= 1) {
      return failed(
          s, reason.append(" (RollbackRebootLimit: revision already had its rollback reboot)"));
    }
    Deployment target = s.os().rollback().orElse(null);
    if (target == null
        || (rec.rollbackChecksum() != null && !target.checksum().equals(rec.rollbackChecksum()))) {
      HostRecord r =
          rec.toBuilder()
              .phase(ROLLBACK_UNAVAILABLE)
              .intent(Intent.NONE, null)
              .reason(reason)
              .lastFailedRevision(rec.revision())
              .build();
      return Transition.of(
          s.record(r)
              .phase(
                  ROLLBACK_UNAVAILABLE,
                  Reason.of(
                      ConditionReason.ROLLBACK_UNAVAILABLE,
                      "no rollback deployment "
                          + rec.rollbackChecksum()
                          + "; "
                          + Reason.message(reason))),
          new RecordIntent(r));
    }
    HostRecord r =
        rec.toBuilder()
            .phase(ROLLING_BACK)
            .intent(Intent.ROLLBACK, s.bootId())
            .reason(Reason.of(ConditionReason.ROLLED_BACK, Reason.message(reason)))
            .countReboot(true)
            .build();
    return Transition.of(
        s.record(r).phase(ROLLING_BACK, r.reason()), new RecordIntent(r), new Rollback());
  }

  /** Ends the revision as Failed (persisted; no reboot). */
  static Transition failed(UpdateState s, Reason reason) {
    String revision =
        s.spec() != null && s.spec().revision() != null && !s.phase().inFlight()
            ? s.spec().revision()
            : s.record().revision();
    HostRecord.Builder b =
        revision == null ? s.record().toBuilder() : UpdateMachine.forRevision(s.record(), revision);
    HostRecord r =
        b.phase(FAILED)
            .intent(Intent.NONE, null)
            .reason(reason)
            .lastFailedRevision(revision)
            .build();
    return Transition.of(s.record(r).phase(FAILED, reason), new RecordIntent(r));
  }

  private static Transition prepend(Transition t, UpdateAction first) {
    var actions = new java.util.ArrayList<UpdateAction>();
    actions.add(first);
    actions.addAll(t.actions());
    return new Transition(t.state(), actions, t.note());
  }

  private static boolean sameImage(Deployment booted, HostRecord rec) {
    try {
      return Desired.sameImage(
          booted.imageReference(), OstreeImageReference.parse(rec.imageReference()));
    } catch (IllegalArgumentException | NullPointerException e) {
      return false;
    }
  }

  private static List<HealthCheck> checks(HostRecord rec) {
    return rec.healthGate() == null || rec.healthGate().checks() == null
        ? List.of()
        : rec.healthGate().checks();
  }

  private static int deadline(HealthGate g) {
    return g == null || g.deadlineSeconds() == null
        ? DEFAULT_DEADLINE_SECONDS
        : g.deadlineSeconds();
  }

  private static int minReady(HealthGate g) {
    return g == null || g.minReadySeconds() == null
        ? DEFAULT_MIN_READY_SECONDS
        : g.minReadySeconds();
  }

  private static String checksum(Deployment d) {
    return d == null ? "nothing" : d.checksum();
  }
}
