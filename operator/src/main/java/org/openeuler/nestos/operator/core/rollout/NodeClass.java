package org.openeuler.nestos.operator.core.rollout;

/**
 * Where a targeted node is in the rollout (docs/design.md §4.3): the one enum the planner, the
 * status and the events share. {@link NodeClassifier} derives it; the first matching row wins.
 * "Target" is the renderer's {@link NodeTarget}; "reboot needed" means the booted image is not the
 * target image or the applied kernel arguments differ from the target's; an "active grant" is a
 * {@code Reboot} grant not yet finished (neither verified nor failed) that the node accepted or
 * that is bound to the current target revision.
 *
 * <table>
 * <caption>Classification, in precedence order</caption>
 * <tr><th>class</th><th>derived when</th></tr>
 * <tr><td>{@link #RolledBack}</td><td>{@code lastFailedRevision == target.revision}, Degraded reason RolledBack, Ready</td></tr>
 * <tr><td>{@link #Failed}</td><td>{@code lastFailedRevision == target.revision} otherwise; or an accepted grant whose
 *     node stayed NotReady past the health deadline without a new boot (never came back); or a node cordoned by us
 *     whose update is done but whose Node stayed NotReady past the health deadline (reason NodeNotReady)</td></tr>
 * <tr><td>{@link #Verifying}</td><td>active grant, accepted, {@code bootID != grant.bootID} (rebooted), not yet
 *     Updated on the grant's revision; or cordoned by us, reboot not needed, the Node not Ready yet (the Node's
 *     Ready condition is part of the health gate)</td></tr>
 * <tr><td>{@link #Rebooting}</td><td>active grant, same boot as the grant (claimed or waiting to be claimed)</td></tr>
 * <tr><td>{@link #Draining}</td><td>cordoned by us ({@code cordoned-for} set), reboot needed, no active grant</td></tr>
 * <tr><td>{@link #Updated}</td><td>reboot not needed (booted image and kernel arguments match; a revision that
 *     changes only live settings needs no reboot)</td></tr>
 * <tr><td>{@link #Unavailable}</td><td>reboot needed, but NotReady / unreachable, or cordoned by someone else</td></tr>
 * <tr><td>{@link #Staging}</td><td>{@code Stage} grant for the target revision, not yet staged</td></tr>
 * <tr><td>{@link #Staged}</td><td>{@code stagedRevision == target.revision}</td></tr>
 * <tr><td>{@link #PendingReboot}</td><td>booted image is the target image, kernel arguments differ</td></tr>
 * <tr><td>{@link #Pending}</td><td>otherwise: the image must change, nothing started</td></tr>
 * </table>
 *
 * <p>Availability is a separate predicate ({@link NodeClassifier#unavailable}): an Updated node
 * that is NotReady is Updated and also counts against maxUnavailable.
 */
public enum NodeClass {
  Updated,
  Staged,
  Staging,
  Draining,
  Rebooting,
  Verifying,
  PendingReboot,
  Failed,
  RolledBack,
  Unavailable,
  Pending;

  /** Drain, reboot or verification under our cordon. */
  public boolean inProgress() {
    return this == Draining || this == Rebooting || this == Verifying;
  }

  /** Counts against maxFailures. */
  public boolean failure() {
    return this == Failed || this == RolledBack;
  }

  /** Work for the current target not begun; may be picked. */
  public boolean waiting() {
    return this == Pending || this == PendingReboot || this == Staged || this == Staging;
  }
}
