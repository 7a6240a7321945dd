package org.openeuler.nestos.daemon.core.update;

import static org.openeuler.nestos.daemon.core.update.UpdatePhase.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.daemon.core.update.HostRecord.Intent;
import org.openeuler.nestos.daemon.core.update.UpdateAction.*;
import org.openeuler.nestos.ostree.core.boot.BootCounting;
import org.openeuler.nestos.ostree.core.boot.FailedBootJournal;
import org.openeuler.nestos.ostree.core.boot.GrubBootCounting;
import org.openeuler.nestos.ostree.core.status.Deployment;

/**
 * The update machine's boot-counting steps (docs/boot-counting.md), pure: GRUB counts the boots of
 * a new deployment the daemon armed and falls back to the previous one when they run out, so a node
 * whose new deployment never reaches userspace rolls itself back. Off when {@code attempts} is 0.
 */
final class BootCountingSteps {

  private BootCountingSteps() {}

  /**
   * After a reboot the daemon asked for ({@code s}: the host as observed with a new {@code
   * boot_id}): GRUB booted the recorded rollback deployment because the counter ran out ({@code
   * boot_counter=-1}). The revision ends {@code RolledBack} (BootFailed), counted as its rollback;
   * the booted deployment becomes the default again before the counter is cleared (the other order
   * sends the next boot back to the deployment that failed). Last, the failed boot's journal is
   * read ({@link CollectBootDiagnostics}, after the steps that matter, which it can never stop) for
   * the {@code BootCounting} condition.
   */
  static Optional<Transition> fallback(UpdateState s, Map<String, String> bootEnv, int attempts) {
    HostRecord rec = s.record();
    Deployment booted = s.os().booted().orElse(null);
    if (attempts <= 0
        || rec.intent() != Intent.REBOOT
        || Objects.equals(s.bootId(), rec.intentBootId())
        || booted == null
        || !booted.checksum().equals(rec.rollbackChecksum())
        || BootCounting.classify(bootEnv, attempts) != BootCounting.Outcome.FALLBACK) {
      return Optional.empty();
    }
    Reason reason =
        Reason.of(
            ConditionReason.ROLLED_BACK,
            ConditionReason.BOOT_FAILED.value()
                + ": deployment "
                + rec.expectedChecksum()
                + " did not boot within "
                + attempts
                + " attempts; GRUB booted the previous deployment "
                + rec.rollbackChecksum());
    HostRecord r =
        rec.toBuilder()
            .phase(ROLLED_BACK)
            .intent(Intent.NONE, null)
            .reason(reason)
            .lastFailedRevision(rec.revision())
            .countReboot(true)
            .bootCounting(
                Reason.of(
                    ConditionReason.BOOT_FAILED,
                    "GRUB counted "
                        + attempts
                        + " boots of deployment "
                        + rec.expectedChecksum()
                        + " and fell back to the previous deployment"))
            .build();
    return Optional.of(
        Transition.of(
                s.record(r).phase(ROLLED_BACK, reason),
                new RecordIntent(r),
                new MakeBootedDefault(),
                new DisarmBootCounter(),
                new CollectBootDiagnostics(rec.intentBootId(), s.bootId()))
            .note("GRUB fell back to the previous deployment: boot counting ran out"));
  }

  /**
   * After a reboot the daemon asked for that booted the new deployment ({@code s}: the host as
   * observed with a new {@code boot_id}): what the environment block shows of GRUB's counting is
   * recorded for the {@code BootCounting} condition before {@code resume} goes on as without
   * counting. A counter still at the armed value (GRUB does not count here, {@code NotCounting}) or
   * at one GRUB never counts from is cleared right after that record, so no stale armed value stays
   * behind.
   */
  static Transition landed(
      UpdateState s,
      Map<String, String> bootEnv,
      int attempts,
      Function<UpdateState, Transition> resume) {
    HostRecord rec = s.record();
    Deployment booted = s.os().booted().orElse(null);
    if (attempts <= 0
        || rec.intent() != Intent.REBOOT
        || Objects.equals(s.bootId(), rec.intentBootId())
        || booted == null
        || !booted.checksum().equals(rec.expectedChecksum())) {
      return resume.apply(s);
    }
    BootCounting.Outcome outcome = BootCounting.classify(bootEnv, attempts);
    String counter = bootEnv.get(GrubBootCounting.COUNTER);
    Reason seen =
        switch (outcome) {
          case TRIAL ->
              Reason.of(
                  ConditionReason.COUNTING,
                  "GRUB counted the boot of deployment "
                      + booted.checksum()
                      + " (boot_counter "
                      + counter
                      + " of "
                      + attempts
                      + " armed)");
          case NOT_COUNTING, INVALID ->
              Reason.of(ConditionReason.NOT_COUNTING, notCounting(outcome, counter, booted));
          default -> null;
        };
    if (seen == null) {
      return resume.apply(s);
    }
    Transition t = resume.apply(s.record(rec.toBuilder().bootCounting(seen).build()));
    if (outcome == BootCounting.Outcome.TRIAL
        || t.actions().stream().anyMatch(DisarmBootCounter.class::isInstance)) {
      return t;
    }
    // cleared right after the observation is recorded (a crash before leaves it armed until the
    // update ends, where it is settled as always)
    List<UpdateAction> actions = new ArrayList<>(t.actions());
    int at = 0;
    while (at < actions.size() && !(actions.get(at) instanceof RecordIntent)) {
      at++;
    }
    actions.add(Math.min(at + 1, actions.size()), new DisarmBootCounter());
    return new Transition(t.state(), actions, t.note());
  }

  private static String notCounting(
      BootCounting.Outcome outcome, String counter, Deployment booted) {
    return (outcome == BootCounting.Outcome.INVALID
            ? "boot_counter is " + counter + ", a value GRUB never counts down from,"
            : "boot_counter was still " + counter)
        + " after the reboot into deployment "
        + booted.checksum()
        + ": GRUB does not count boots on this host, so a deployment that never boots is not"
        + " rolled back. Check on the node: the counting snippet in grub.cfg (grep boot_counter"
        + " /boot/grub2/grub.cfg), GRUB's increment module (ls /usr/lib/grub/*/increment.mod) and"
        + " a /boot GRUB can write its environment block on (not RAID, LVM or LUKS);"
        + " docs/boot-counting.md. Updates go on without boot counting; the counter was cleared.";
  }

  /**
   * The failed boot's diagnostics arrived: appended to the {@code BootFailed} record of the
   * fallback, once (the text starts {@link FailedBootJournal#MARK} or {@link
   * FailedBootJournal#NONE}).
   */
  static Transition diagnosed(UpdateState s, String text) {
    HostRecord rec = s.record();
    Reason seen = rec.bootCounting();
    if (text == null
        || Reason.code(seen, null) != ConditionReason.BOOT_FAILED
        || seen.message().contains(FailedBootJournal.MARK.strip())) {
      return Transition.of(s);
    }
    HostRecord r = rec.toBuilder().bootCounting(seen.append("; " + text)).build();
    return Transition.of(s.record(r), new RecordIntent(r));
  }

  /**
   * The host record a daemon without boot counting starts from: what an earlier daemon with it saw
   * is forgotten (not reported), since nothing is armed any more.
   */
  static HostRecord forgetWhenOff(HostRecord rec, int attempts) {
    return attempts > 0 || rec == null || rec.bootCounting() == null
        ? rec
        : rec.toBuilder().bootCounting(null).build();
  }

  /**
   * The status of the {@code BootCounting} condition for a record's {@code bootCounting}: True
   * (GRUB counts: {@code Counting}, {@code BootFailed}) unless {@code NotCounting}.
   */
  static boolean counts(Reason bootCounting) {
    return Reason.code(bootCounting, ConditionReason.NOT_COUNTING) != ConditionReason.NOT_COUNTING;
  }

  /**
   * Daemon start without an intent: what a crash may have left in the environment block, done again
   * (each step recognises work already done). GRUB's fallback still there (a crash after it was
   * recorded): the booted deployment made the default, the counter cleared. A counter still armed
   * after the update ended (a crash between the end and its clean-up): marked good when the update
   * ended {@code UPDATED}, cleared otherwise, so no later reboot counts down to a fallback.
   */
  static List<UpdateAction> afterRestart(
      HostRecord rec, Map<String, String> bootEnv, int attempts) {
    if (attempts <= 0 || rec.intent() != Intent.NONE) {
      return List.of();
    }
    BootCounting.Outcome outcome = BootCounting.classify(bootEnv, attempts);
    if (outcome == BootCounting.Outcome.FALLBACK) {
      return List.of(new MakeBootedDefault(), new DisarmBootCounter());
    }
    if (outcome == BootCounting.Outcome.NOT_ARMED || !rec.phase().terminal()) {
      return List.of();
    }
    return List.of(rec.phase() == UPDATED ? new MarkBootGood() : new DisarmBootCounter());
  }

  /**
   * The machine's transition with the boot-counting actions: armed right before each finalize,
   * cleared before each rollback of the daemon's own, marked good when verification passes, cleared
   * when an update ends otherwise (a failed finalize leaves no counter to fall back with later);
   * the last two before the end is recorded.
   */
  static Transition decorate(UpdatePhase before, Transition t, int attempts) {
    if (attempts <= 0) {
      return t;
    }
    UpdatePhase after = t.state().phase();
    // the end of an update: the counter is settled before the end is recorded, so a crash in
    // between
    // leaves the update unfinished (done again after the restart), never an armed counter behind it
    UpdateAction settle =
        before == VERIFYING && after == UPDATED
            ? new MarkBootGood()
            : before != after && (after == FAILED || after == ROLLBACK_UNAVAILABLE)
                ? new DisarmBootCounter()
                : null;
    List<UpdateAction> actions = new ArrayList<>();
    for (UpdateAction a : t.actions()) {
      if (a instanceof FinalizeAndReboot) {
        actions.add(new ArmBootCounter(attempts));
      } else if (a instanceof Rollback) {
        actions.add(new DisarmBootCounter());
      } else if (settle != null && a instanceof RecordIntent) {
        actions.add(settle);
        settle = null;
      }
      actions.add(a);
    }
    if (settle != null) {
      actions.add(settle);
    }
    return actions.equals(t.actions()) ? t : new Transition(t.state(), actions, t.note());
  }
}
