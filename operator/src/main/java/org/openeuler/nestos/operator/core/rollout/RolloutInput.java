package org.openeuler.nestos.operator.core.rollout;

import java.util.List;
import java.util.Objects;

/**
 * Everything one planner pass looks at for one OSVersion.
 *
 * @param osVersion the OSVersion's name (part of ticket ids)
 * @param nodes targeted nodes, plus departed ones still carrying our cordon or grant ({@link
 *     NodeSnapshot#targeted()})
 * @param expectations writes issued by earlier passes (the previous plan's {@link
 *     RolloutPlan#expectations()})
 * @param globalCapacity the cluster-wide disruption cap across OSVersions minus what other
 *     OSVersions hold; the planner also subtracts this OSVersion's own (cordoned by us, in
 *     progress, disruptive expectations); {@link Integer#MAX_VALUE} when uncapped
 */
public record RolloutInput(
    String osVersion,
    RolloutStrategy strategy,
    List<NodeSnapshot> nodes,
    List<Expectation> expectations,
    RetryState retry,
    int globalCapacity) {

  public RolloutInput {
    Objects.requireNonNull(osVersion, "osVersion");
    strategy = strategy == null ? RolloutStrategy.DEFAULTS : strategy;
    nodes = List.copyOf(nodes);
    expectations = expectations == null ? List.of() : List.copyOf(expectations);
    retry = retry == null ? RetryState.NONE : retry;
    globalCapacity = Math.max(0, globalCapacity);
  }
}
