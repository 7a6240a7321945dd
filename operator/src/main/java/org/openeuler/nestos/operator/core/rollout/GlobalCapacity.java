package org.openeuler.nestos.operator.core.rollout;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * What the cluster-wide disruption cap leaves to one OSVersion's pass (docs/rollout-reconciler.md):
 * the cap minus every node other OSVersions hold, whether the informer cache shows it (cordoned for
 * another OSVersion) or only their issued orders do (a cordon or grant not seen yet). Each node
 * counts once. Counting only the cache let two OSVersions planning one after the other, before the
 * cache showed the first one's cordons, disrupt twice the cap.
 */
public final class GlobalCapacity {

  private GlobalCapacity() {}

  /**
   * @param cap the cap across OSVersions; {@link Integer#MAX_VALUE} when there is none
   * @param cordonedForOthers nodes the cache shows cordoned for another OSVersion
   * @param othersPending the issued, not yet dropped expectations of the other OSVersions
   * @return what is left, at least 0; {@link Integer#MAX_VALUE} when uncapped
   */
  public static int left(
      int cap, Collection<String> cordonedForOthers, Collection<Expectation> othersPending) {
    if (cap == Integer.MAX_VALUE) {
      return Integer.MAX_VALUE;
    }
    Set<String> held = new HashSet<>(cordonedForOthers);
    for (Expectation e : othersPending) {
      if (e.kind().disruptive()) {
        held.add(e.node());
      }
    }
    return Math.max(0, cap - held.size());
  }
}
