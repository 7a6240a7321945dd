package org.openeuler.nestos.operator.core.rollout;

import java.time.Instant;
import java.util.Objects;

/**
 * A write the operator issued but the informer cache may not show yet (the ReplicaSet controller's
 * expectations). While pending, a cordon or grant counts against the budget and the node is not
 * acted on again; a confirmed uncordon ({@link Kind#UNCORDONED}) makes the planner see the node
 * uncordoned, i.e. available. It is dropped once the snapshot shows it, or after the planner's
 * expectation timeout (the write is then assumed lost and the level-based loop redoes it).
 *
 * @param revision the revision the cordon or grant was issued for
 * @param ticket the grant's ticket (STAGE, GRANT), else null
 * @param uid the Node's uid when issued (null: any); a node re-created under the same name before a
 *     pass saw it gone is another node, and the former one's expectation does not apply to it
 */
public record Expectation(
    String node, Kind kind, String revision, String ticket, Instant issuedAt, String uid) {
  /** What was written. */
  public enum Kind {
    /** Cordon with the cordoned-for annotation. */
    CORDON,
    /**
     * Uncordon (annotation removed), issued: the node still counts as unavailable until the
     * snapshot shows it.
     */
    UNCORDON,
    /**
     * Uncordon the API server confirmed (the write succeeded and made the node schedulable): until
     * the snapshot shows it, the planner sees the node uncordoned ({@link
     * NodeSnapshot#uncordoned()}), so it counts as available and its budget slot is free at once
     * (same-pass release). A failed uncordon never becomes one.
     */
    UNCORDONED,
    /** {@code allowed: Stage}. */
    STAGE,
    /** {@code allowed: Reboot}. */
    GRANT;

    /** Whether a pending write of this kind disrupts the node (counts against maxUnavailable). */
    public boolean disruptive() {
      return this == CORDON || this == GRANT;
    }
  }

  public Expectation {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(issuedAt, "issuedAt");
  }

  /** An expectation not bound to a node uid. */
  public Expectation(String node, Kind kind, String revision, String ticket, Instant issuedAt) {
    this(node, kind, revision, ticket, issuedAt, null);
  }

  /** Whether it was issued for this very Node object (not a former node of the same name). */
  public boolean issuedFor(NodeSnapshot n) {
    return uid == null || uid.equals(n.uid());
  }

  /** Whether {@code node} already shows this write. */
  public boolean satisfiedBy(NodeSnapshot n) {
    return switch (kind) {
      case CORDON -> Objects.equals(n.cordonedFor(), revision) || n.grant().isRebootFor(revision);
      case UNCORDON, UNCORDONED -> n.cordonedFor() == null;
      case STAGE -> Objects.equals(n.grant().ticket(), ticket) || claimedOrEnded(n);
      // the grant may be claimed, finished and cleared by the renderer (docs/decisions.md §13)
      // before the planner's cache ever shows it: its effects count as having seen it
      case GRANT -> Objects.equals(n.grant().ticket(), ticket) || claimedOrEnded(n);
    };
  }

  /** The daemon claimed this ticket, or the update it was for has ended (updated or failed). */
  private boolean claimedOrEnded(NodeSnapshot n) {
    NodeObservation o = n.observed();
    return ticket != null && ticket.equals(o.acceptedTicket())
        || revision != null && revision.equals(o.lastFailedRevision())
        || kind == Kind.GRANT
            && revision != null
            && revision.equals(o.currentRevision())
            && o.updated()
        || kind == Kind.STAGE && revision != null && revision.equals(o.stagedRevision());
  }
}
