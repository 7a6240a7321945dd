package org.openeuler.nestos.operator.events;

/** Every reason the operator records an Event with; {@code type} is kube's Normal or Warning. */
public enum EventReason {
  RolloutStarted(false),
  NodeStaged(false),
  DrainStarted(false),
  DrainBlocked(true),
  RebootGranted(false),
  NodeUpdated(false),
  NodeRolledBack(true),
  NodeFailed(true),
  RolloutHalted(true),
  RolloutCompleted(false),
  /** The OSVersion is being deleted and waits for nodes with work in flight (which, and why). */
  DeletionWaiting(false),
  ImageUnavailable(true),
  SelectorOverlap(true),
  InvalidSpec(true),
  /** A NodeState carried a disruption grant the operator did not issue; it was reverted. */
  ForeignGrantReverted(true),
  PullSecretMissing(true),
  /** The operator may not read the named pull secret (not in the chart's registry.pullSecrets). */
  PullSecretNotAllowed(true),
  /**
   * The operator cannot reach the image's registry; the rollout proceeds unchecked
   * (docs/private-registries.md).
   */
  RegistryUnreachable(true),
  /** The operator cannot read the object (e.g. a value beyond the API's bounds); it is skipped. */
  Unreadable(true),
  /** The object has no spec; it is skipped. */
  SpecMissing(true),
  /** A NodeConfig or RubikPolicy is applied on every node it selects (Ready turned True). */
  PolicyApplied(false),
  /**
   * A NodeConfig or RubikPolicy is degraded (a conflict, a node that failed to apply it, a feature
   * its mode does not do): the condition's reason and message.
   */
  PolicyDegraded(true),
  /** A NodeConfig or RubikPolicy cannot progress until someone acts (e.g. two in mode Rubik). */
  PolicyStalled(true),
  /** A RubikPolicy (features.psi) evicted an offline pod from a node under pressure. */
  OfflinePodEvicted(false),
  /**
   * A node under pressure lost no offline pod: a PodDisruptionBudget refused, or none may be
   * evicted.
   */
  PsiEvictionBlocked(true);

  private final boolean warning;

  EventReason(boolean warning) {
    this.warning = warning;
  }

  public String type() {
    return warning ? "Warning" : "Normal";
  }

  /** Whether events of this reason are Warnings (never dropped under load). */
  public boolean warning() {
    return warning;
  }
}
