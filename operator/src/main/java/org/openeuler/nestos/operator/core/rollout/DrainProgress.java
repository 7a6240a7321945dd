package org.openeuler.nestos.operator.core.rollout;

import java.time.Instant;

/**
 * Pod disruption facts the drain executor reports for a node.
 *
 * @param drained no evictable pod is left on the (cordoned) node
 * @param retryAfter after a {@code DrainBlocked} timeout: no new cordon before this instant
 *     (backoff), else null
 * @param running a drain of the node is under way (it may cordon the node or evict its pods at any
 *     moment, whether or not the rollout still wants it): the node counts against the budget until
 *     the drain ends (chaos seed 356, docs/chaos.md)
 */
public record DrainProgress(boolean drained, Instant retryAfter, boolean running) {
  /** Nothing known: not drained, no backoff. */
  public static final DrainProgress NONE = new DrainProgress(false, null, false);

  /** A drain is under way. */
  public static final DrainProgress RUNNING = new DrainProgress(false, null, true);

  public DrainProgress(boolean drained, Instant retryAfter) {
    this(drained, retryAfter, false);
  }

  /** Whether a backoff forbids cordoning at {@code now}. */
  public boolean backingOff(Instant now) {
    return retryAfter != null && now.isBefore(retryAfter);
  }
}
