package org.openeuler.nestos.operator.core.rollout;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of one planner pass. Lists are in pick order.
 *
 * @param stage {@code allowed: Stage} grants (Eager staging)
 * @param cordon nodes to cordon and drain (new picks and drains in flight)
 * @param grant {@code allowed: Reboot} grants for drained nodes
 * @param uncordon nodes of ours to release
 * @param classes every input node's class, in pick order
 * @param failures failed targeted nodes, by name, at most {@link
 *     RolloutPlanner#MAX_LISTED_FAILURES}
 * @param expectations pending writes to carry into the next pass (earlier ones not yet visible,
 *     plus this plan's)
 * @param acknowledgedRetry the retry token to write into {@code status.lastHandledRetry}, or null
 * @param retryHandledAt when the current retry token was acknowledged (persist with it), or null
 */
public record RolloutPlan(
    List<GrantOrder> stage,
    List<CordonOrder> cordon,
    List<GrantOrder> grant,
    List<UncordonOrder> uncordon,
    Map<String, NodeClass> classes,
    RolloutCounts counts,
    List<FailedNode> failures,
    List<RolloutCondition> conditions,
    List<Expectation> expectations,
    String acknowledgedRetry,
    Instant retryHandledAt,
    PlanDiagnostics diagnostics) {

  /** Every node this plan gives an order (stage, cordon, grant or uncordon). */
  public Set<String> orderedNodes() {
    Set<String> out = new HashSet<>();
    stage.forEach(o -> out.add(o.node()));
    cordon.forEach(o -> out.add(o.node()));
    grant.forEach(o -> out.add(o.node()));
    uncordon.forEach(o -> out.add(o.node()));
    return out;
  }

  /** Nodes newly cordoned this pass. */
  public List<String> newlyCordoned() {
    return cordon.stream().filter(CordonOrder::fresh).map(CordonOrder::node).toList();
  }

  /** The condition of {@code type}. */
  public RolloutCondition condition(org.openeuler.nestos.api.ConditionType type) {
    return conditions.stream().filter(c -> c.type() == type).findFirst().orElseThrow();
  }
}
