package org.openeuler.nestos.operator.core.rollout;

import java.time.Instant;
import java.util.Objects;

/**
 * A write the operator issued but the informer cache may not show yet (the ReplicaSet controller's expectations).
 * While pending, a cordon or grant counts against the budget and the node is not acted on again. It is dropped once
 * the snapshot shows it, or after the planner's expectation timeout (the write is then assumed lost and the
 * level-based loop redoes it).
 *
 * @param revision the revision the cordon or grant was issued for
 * @param ticket the grant's ticket (STAGE, GRANT), else null
 * @param uid the Node's uid when issued (null: any); a node re-created under the same name before a pass saw it gone
 *     is another node, and the former one's expectation does not apply to it
 */
public record Expectation(String node, Kind kind, String revision, String ticket, Instant issuedAt, String uid) {
  /** What was written. */
  public enum Kind {
    /** Cordon with the cordoned-for annotation. */
    CORDON,
    /** Uncordon (annotation removed). */
    UNCORDON,
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
      case UNCORDON -> n.cordonedFor() == null;
      case STAGE, GRANT -> Objects.equals(n.grant().ticket(), ticket);
    };
  }
}
