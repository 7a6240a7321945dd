package org.openeuler.nestos.operator.core.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.v1alpha1.Disruption.Allowed;

/** The one classifier (see {@link NodeClass} for the table). Pure; time comes in as a value. */
public final class NodeClassifier {
  private final Instant now;
  private final Duration healthDeadline;

  public NodeClassifier(Instant now, Duration healthDeadline) {
    this.now = now;
    this.healthDeadline = healthDeadline;
  }

  /** Classifies {@code n} against its own target. */
  public NodeClass classify(NodeSnapshot n) {
    NodeTarget t = n.target();
    NodeObservation o = n.observed();
    if (t.revision().equals(o.lastFailedRevision())) {
      return ConditionReason.ROLLED_BACK.value().equals(o.degradedReason()) && n.ready()
          ? NodeClass.RolledBack
          : NodeClass.Failed;
    }
    Grant g = n.grant();
    if (activeGrant(n)) {
      boolean accepted = Objects.equals(g.ticket(), o.acceptedTicket());
      boolean rebooted = o.bootID() != null && !o.bootID().equals(g.bootID());
      if (rebooted && accepted) {
        return NodeClass.Verifying;
      }
      if (!rebooted) {
        return accepted && neverReturned(n) ? NodeClass.Failed : NodeClass.Rebooting;
      }
      // rebooted before claiming (an unplanned reboot): finalization was locked, the grant is void;
      // fall through
    }
    boolean rebootNeeded = rebootNeeded(n);
    if (n.cordonedByUs() && rebootNeeded) {
      return NodeClass.Draining;
    }
    if (n.cordonedByUs() && !n.ready()) {
      // the daemon's gate passed, the Node's has not: it is released only once the kubelet reports
      // Ready, and fails when it does not within the health deadline (issue 15)
      return neverReturned(n) ? NodeClass.Failed : NodeClass.Verifying;
    }
    if (!rebootNeeded) {
      return NodeClass.Updated;
    }
    if (n.unhealthy() || n.cordonedByOthers()) {
      return NodeClass.Unavailable;
    }
    if (g.isStageFor(t.revision()) && !t.revision().equals(o.stagedRevision())) {
      return NodeClass.Staging;
    }
    if (t.revision().equals(o.stagedRevision())) {
      return NodeClass.Staged;
    }
    return imageCurrent(n) ? NodeClass.PendingReboot : NodeClass.Pending;
  }

  /**
   * A Reboot grant still in flight: not verified or failed, and claimed or bound to the current
   * target revision.
   */
  public static boolean activeGrant(NodeSnapshot n) {
    Grant g = n.grant();
    if (g.allowed() != Allowed.Reboot || g.revision() == null) {
      return false;
    }
    NodeObservation o = n.observed();
    boolean finished =
        g.revision().equals(o.currentRevision()) && o.updated()
            || g.revision().equals(o.lastFailedRevision());
    return !finished
        && (Objects.equals(g.ticket(), o.acceptedTicket()) || g.isRebootFor(n.target().revision()));
  }

  /**
   * Whether {@code n} counts against maxUnavailable: NotReady, unschedulable, cordoned by us or in
   * progress.
   */
  public static boolean unavailable(NodeSnapshot n, NodeClass c) {
    return n.unhealthy() || n.unschedulable() || n.cordonedByUs() || c.inProgress();
  }

  /** The booted image differs from the target image, or the applied kernel arguments differ. */
  public static boolean rebootNeeded(NodeSnapshot n) {
    return !imageCurrent(n)
        || !n.observed().appliedKernelArguments().equals(n.target().kernelArguments());
  }

  /**
   * The booted deployment's reference names the target image (rpm-ostree's transport prefix
   * ignored).
   */
  public static boolean imageCurrent(NodeSnapshot n) {
    String booted = n.observed().bootedImage();
    String want = n.target().osImage();
    if (booted == null) {
      return false;
    }
    if (booted.equals(want)) {
      return true;
    }
    int at = booted.length() - want.length() - 1;
    return at >= 0
        && booted.endsWith(want)
        && (booted.charAt(at) == ':' || booted.charAt(at) == '/');
  }

  /** Failure reason of a {@link NodeClass#failure()} node. */
  public String failureReason(NodeSnapshot n) {
    NodeObservation o = n.observed();
    if (n.target().revision().equals(o.lastFailedRevision()) && o.degradedReason() != null) {
      return o.degradedReason();
    }
    if (!rebootNeeded(n) && !n.ready()) {
      return ConditionReason.NODE_NOT_READY.value();
    }
    return ConditionReason.NODE_FAILED.value();
  }

  /** When a failure happened, for the retry ledger (null if unknown: then it always counts). */
  public Instant failedAt(NodeSnapshot n) {
    NodeObservation o = n.observed();
    if (n.target().revision().equals(o.lastFailedRevision())) {
      return o.degradedSince();
    }
    return n.readySince() == null ? null : n.readySince().plus(healthDeadline);
  }

  private boolean neverReturned(NodeSnapshot n) {
    return !n.ready()
        && n.readySince() != null
        && !now.isBefore(n.readySince().plus(healthDeadline));
  }
}
