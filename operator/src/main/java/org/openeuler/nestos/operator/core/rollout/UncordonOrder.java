package org.openeuler.nestos.operator.core.rollout;

/** Uncordon a node we cordoned (remove annotation and taint). */
public record UncordonOrder(String node, Reason reason) {
  /** Why the node is released. */
  public enum Reason {
    /** Verified on the target revision. */
    Updated,
    /** Failed its health gate and rolled back healthy to the previous deployment. */
    RolledBack,
    /** The rollout is paused; the node was cordoned but not granted. */
    Paused,
    /** The failure budget is spent; the node was cordoned but not granted. */
    Halted,
    /** The target changed so that the node needs no reboot any more. */
    NoLongerNeeded,
    /** The node left the OSVersion's selector. */
    LeftSelector,
    /**
     * The revision failed before the node left its deployment (a stage that kept failing), or the
     * node came back up on the previous deployment: it is healthy on the old OS.
     */
    FailedOnPreviousDeployment
  }
}
