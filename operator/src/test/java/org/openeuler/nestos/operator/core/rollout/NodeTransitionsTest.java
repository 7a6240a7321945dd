package org.openeuler.nestos.operator.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.core.rollout.Nodes.NOW;
import static org.openeuler.nestos.operator.core.rollout.Nodes.node;
import static org.openeuler.nestos.operator.core.rollout.Strategies.strategy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeTransitionsTest {

  @Test
  void aNodeThatBecameStagedOrFailedIsReportedOnceAndAnUnknownOneNever() {
    RolloutPlan plan =
        Nodes.plan(
            strategy().maxUnavailable(1).maxFailures(3).build(),
            List.of(
                node("a").staged().build(),
                node("b").accepted().notReady().readySince(NOW.minusSeconds(601)).build(),
                node("c").staged().build(),
                node("d").failed("HealthCheckFailed").build()));
    Map<String, NodeClass> before =
        Map.of(
            "a", NodeClass.Staging,
            "b", NodeClass.Rebooting,
            "c", NodeClass.Staged,
            "d", NodeClass.Failed);
    assertThat(NodeTransitions.between(before, plan))
        .containsExactlyInAnyOrder(
            new NodeTransitions.Transition("a", NodeTransitions.Kind.STAGED, "staged"),
            new NodeTransitions.Transition(
                "b", NodeTransitions.Kind.FAILED, "NodeFailed (revision rev-new)"));
    assertThat(NodeTransitions.between(Map.of(), plan)).as("first pass: nothing known").isEmpty();
  }
}
