package org.openeuler.nestos.daemon.core.update;

import static org.openeuler.nestos.daemon.core.update.UpdatePhase.DEGRADED;

import java.util.Objects;
import org.openeuler.nestos.api.ConditionReason;

/**
 * A failed stage (a pull the registry refused, a layer whose digest does not match, a full disk) is
 * tried again with a doubling delay. Under a Reboot grant (the node is cordoned and drained for it)
 * the revision fails after {@link #ATTEMPTS} attempts in all: it is recorded as the node's {@code
 * lastFailedRevision}, so the operator counts the node against {@code maxFailures}, takes back its
 * grant and uncordons it, instead of the node holding its grant (and a slot of the disruption
 * budget) for ever (docs/chaos.md found it). Staging early under a Stage grant disrupts nothing: it
 * is retried without end and never fails the revision. A failed claim of the Reboot ticket is tried
 * again too.
 */
public final class StageRetries {

  /** Attempts to stage one revision before it fails. */
  public static final int ATTEMPTS = 3;

  private StageRetries() {}

  /**
   * Failed attempts for one revision.
   *
   * @param revision the spec revision being staged
   * @param count failed attempts so far
   */
  public record Failures(String revision, int count) {}

  /**
   * A stage action failed with {@code code} ({@code ApplyFailed} when null) and {@code why}. A
   * failure only an admin can end ({@code UpdateDriverRegistered}: another agent drives updates;
   * {@code PullSecretMissing}) is a condition, not a retry loop: it stays until the spec changes or
   * the daemon restarts.
   */
  static Transition onFailure(UpdateState s, ConditionReason code, String why) {
    if (code == ConditionReason.UPDATE_DRIVER_REGISTERED
        || code == ConditionReason.PULL_SECRET_MISSING) {
      return Transition.of(s.stageFailures(null).phase(DEGRADED, Reason.of(code, why)));
    }
    String revision = s.spec() == null ? null : s.spec().revision();
    Failures before = s.stageFailures();
    int count =
        before != null && Objects.equals(before.revision(), revision) ? before.count() + 1 : 1;
    ConditionReason reason = code == null ? ConditionReason.APPLY_FAILED : code;
    if (!rebootGranted(s, revision)) {
      // staging early (a Stage grant): nothing is disrupted, so it is tried again (at most every
      // 64 ticks) and never fails the revision; a registry outage during eager staging must not
      // count against maxFailures. The Reboot grant's attempts decide.
      return Transition.of(
          s.stageFailures(new Failures(revision, count))
              .phase(
                  DEGRADED,
                  Reason.of(reason, why + " (attempt " + count + ", staging early: retrying)")));
    }
    if (revision != null && count >= ATTEMPTS) {
      return Verification.failed(
          s.stageFailures(null),
          Reason.of(reason, why + " (" + count + " attempts; the revision failed)"));
    }
    return Transition.of(
        s.stageFailures(new Failures(revision, count))
            .phase(
                DEGRADED,
                Reason.of(reason, why + " (attempt " + count + " of " + ATTEMPTS + ", retrying)")));
  }

  private static boolean rebootGranted(UpdateState s, String revision) {
    var d = s.spec() == null ? null : s.spec().disruption();
    return d != null
        && d.allowed() == org.openeuler.nestos.api.v1alpha1.Disruption.Allowed.Reboot
        && Objects.equals(d.revision(), revision);
  }

  /**
   * A stage, or the claim of a Reboot ticket, failed and is waiting to be tried again: the edge
   * sends a {@code Tick} for it. A failed claim (the API server refused or dropped the write) used
   * to wait for a spec change that never came: the node kept a Reboot grant it never used (chaos
   * seed 35, docs/chaos.md).
   */
  public static boolean retryPending(UpdateState s) {
    boolean stage =
        s.phase() == DEGRADED
            && s.stageFailures() != null
            && s.spec() != null
            && Objects.equals(s.stageFailures().revision(), s.spec().revision());
    return stage || claimFailed(s);
  }

  /** The claim of the Reboot ticket failed; the ticket is still to be claimed. */
  static boolean claimFailed(UpdateState s) {
    return s.phase() == UpdatePhase.STAGED
        && s.reason() != null
        && s.reason().message().contains(CLAIM_FAILED);
  }

  /** What the reason of a failed claim says. */
  static final String CLAIM_FAILED = "claim failed: ";

  /**
   * How many verification ticks to wait before attempt {@code failed + 1}: 2, 4, ... (10 s, 20 s
   * with the production tick of 5 s).
   */
  public static int delayTicks(int failed) {
    return 1 << Math.min(failed, 6);
  }
}
