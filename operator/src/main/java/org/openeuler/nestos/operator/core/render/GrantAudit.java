package org.openeuler.nestos.operator.core.render;

import java.util.Objects;
import org.openeuler.nestos.api.Tickets;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.NodeStateStatus;

/**
 * Judges the {@code spec.disruption} a NodeState carries before the renderer writes it back (pure;
 * docs/renderer.md "Grants", docs/decisions.md "Grants end with their update; only the operator's
 * grants count"):
 *
 * <ul>
 *   <li><b>Foreign</b>: a Stage or Reboot grant whose ticket is not the one the operator issues for
 *       its fields ({@link Tickets#of}: owning OSVersion, kind, node UID, bootID, revision) — a
 *       hand-written or copied grant. Reverted to {@code None} and reported, unless the daemon has
 *       already accepted it (an accepted ticket is never revoked while its update is in flight).
 *   <li><b>Ended</b>: a Stage or Reboot grant whose update is over — the node reached its revision
 *       ({@code currentRevision}) or failed it ({@code lastFailedRevision}: e.g. a stage that kept
 *       failing, docs/chaos.md). Inert (the daemon and the planner ignore a grant of a revision the
 *       node reached or failed) and cleared to {@code None} by the next render that writes the
 *       NodeState anyway ({@link Verdict#clearOnlyWithOtherChanges()}): no write of its own, so an
 *       update costs three writes (cordon, grant, uncordon; docs/decisions.md §13).
 *   <li><b>Void</b>: a grant the daemon never accepted that is bound to a revision the spec has
 *       left, or to a boot the node has left (it rebooted before claiming it): the daemon ignores
 *       it, the planner issues a new one. Cleared to {@code None}.
 *   <li>Otherwise the grant is kept. A kept Reboot grant is <b>in flight</b> while accepted or
 *       bound to the spec's revision: the node then keeps its OSVersion target (docs/design.md §4.1
 *       in docs/renderer.md).
 * </ul>
 */
public final class GrantAudit {
  static final Disruption NONE = new Disruption(Disruption.Allowed.None, null, null, null);

  private GrantAudit() {}

  /**
   * A grant the renderer withdrew.
   *
   * @param foreign true: not issued by the operator (reported); false: its update ended
   * @param reason why, for the event and the log
   * @param grant the withdrawn grant
   */
  public record Revoked(boolean foreign, String reason, Disruption grant) {}

  /**
   * The verdict on a node's current disruption.
   *
   * @param disruption what the render writes ({@code NONE} when revoked)
   * @param revoked the withdrawn grant, or null when kept
   * @param inFlight a kept Reboot grant whose update is in flight
   * @param clearOnlyWithOtherChanges the revoked grant is inert (its update ended): the render
   *     clears it only when it writes other changes of the NodeState too
   */
  public record Verdict(
      Disruption disruption, Revoked revoked, boolean inFlight, boolean clearOnlyWithOtherChanges) {
    Verdict(Disruption disruption, Revoked revoked, boolean inFlight) {
      this(disruption, revoked, inFlight, false);
    }
  }

  /** Judges {@code cur}'s disruption for the node with uid {@code nodeUid}. */
  public static Verdict judge(CurrentNodeState cur, String nodeUid) {
    NodeStateSpec spec = cur.spec();
    Disruption d = spec == null ? null : spec.disruption();
    if (d == null || d.allowed() == null || d.allowed() == Disruption.Allowed.None) {
      return new Verdict(d, null, false);
    }
    NodeStateStatus st = cur.status();
    boolean accepted = st != null && d.ticket() != null && d.ticket().equals(st.acceptedTicket());
    String owner = spec.osVersionRef();
    if (!Tickets.issuedBy(owner, nodeUid, d) && !accepted) {
      return revoke(
          true,
          "ticket "
              + d.ticket()
              + " is not one the operator issued ("
              + d.allowed()
              + " for revision "
              + d.revision()
              + ", bootID "
              + d.bootID()
              + ", OSVersion "
              + owner
              + ")",
          d);
    }
    boolean reached = st != null && Objects.equals(d.revision(), st.currentRevision());
    boolean failed = st != null && Objects.equals(d.revision(), st.lastFailedRevision());
    if (reached || failed) {
      return new Verdict(
          NONE,
          new Revoked(
              false,
              "update to revision "
                  + d.revision()
                  + (reached ? " done" : " failed")
                  + "; grant ended",
              d),
          false,
          true);
    }
    if (d.allowed() != Disruption.Allowed.Reboot) {
      // a Stage grant disrupts nothing; one for a revision the spec has left is stale (the planner
      // issues a new one)
      return Objects.equals(d.revision(), spec.revision())
          ? new Verdict(d, null, false)
          : revoke(
              false,
              "stage grant for revision "
                  + d.revision()
                  + " is stale (the node's revision is "
                  + spec.revision()
                  + ")",
              d);
    }
    if (!accepted && bootLeft(d, st)) {
      // the node rebooted (power loss, an admin) before it claimed the grant: the daemon ignores a
      // ticket bound to another boot and the planner grants the new boot again. Kept, it pinned the
      // node to its OSVersion for ever once that OSVersion was deleted (chaos seed 916,
      // docs/chaos.md)
      return revoke(
          false,
          "unclaimed grant for revision "
              + d.revision()
              + " was bound to boot "
              + d.bootID()
              + "; the node rebooted since (boot "
              + st.bootID()
              + ")",
          d);
    }
    if (!accepted && !Objects.equals(d.revision(), spec.revision())) {
      return revoke(
          false,
          "unclaimed grant for revision "
              + d.revision()
              + " is stale (the node's revision is "
              + spec.revision()
              + ")",
          d);
    }
    return new Verdict(d, null, spec.osImage() != null && owner != null);
  }

  private static boolean bootLeft(Disruption d, NodeStateStatus st) {
    return st != null
        && st.bootID() != null
        && d.bootID() != null
        && !d.bootID().equals(st.bootID());
  }

  private static Verdict revoke(boolean foreign, String reason, Disruption d) {
    return new Verdict(NONE, new Revoked(foreign, reason, d), false);
  }
}
