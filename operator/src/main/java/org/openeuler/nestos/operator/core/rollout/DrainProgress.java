package org.openeuler.nestos.operator.core.rollout;

import java.time.Instant;

/**
 * Pod disruption facts the drain executor reports for a node.
 *
 * @param drained no evictable pod is left on the (cordoned) node
 * @param retryAfter after a {@code DrainBlocked} timeout: no new cordon before this instant
 *     (backoff), else null
 */
public record DrainProgress(boolean drained, Instant retryAfter) {
  /** Nothing known: not drained, no backoff. */
  public static final DrainProgress NONE = new DrainProgress(false, null);

  /** Whether a backoff forbids cordoning at {@code now}. */
  public boolean backingOff(Instant now) {
    return retryAfter != null && now.isBefore(retryAfter);
  }
}
