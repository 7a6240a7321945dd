package org.openeuler.nestos.operator.drain;

import java.util.List;
import org.openeuler.nestos.operator.core.drain.DrainDecision;

/** How a drain ended. Only {@link Drained} leaves the node cordoned. */
public sealed interface DrainResult {

  /** Every evictable pod is gone; the node is cordoned for the revision. */
  record Drained(List<String> evicted, List<String> skipped, boolean deletedAfterTimeout)
      implements DrainResult {}

  /**
   * The drain could not complete: blockers found before cordoning (nothing was touched), or
   * evictions still refused when the timeout ran out (the node was uncordoned again unless someone
   * else had cordoned it).
   */
  record Blocked(List<String> reasons, boolean timedOut) implements DrainResult {}

  /** The Node object does not exist (any more). */
  record NodeGone() implements DrainResult {}

  static Blocked blockedBefore(List<DrainDecision.Blocker> blockers) {
    return new Blocked(blockers.stream().map(DrainDecision.Blocker::toString).toList(), false);
  }
}
