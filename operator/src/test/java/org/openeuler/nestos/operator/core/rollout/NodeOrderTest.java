package org.openeuler.nestos.operator.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.core.rollout.Nodes.node;
import static org.openeuler.nestos.operator.core.rollout.Strategies.strategy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NodeOrderTest {
  private static final String ZONE = "topology.kubernetes.io/zone";

  private static List<NodeSnapshot> fleet() {
    List<NodeSnapshot> nodes =
        new ArrayList<>(
            List.of(
                node("a1").label(ZONE, "a").build(),
                node("a2").label(ZONE, "a").build(),
                node("a3").label(ZONE, "a").build(),
                node("b1").label(ZONE, "b").build(),
                node("b2").label(ZONE, "b").build(),
                node("c1").label(ZONE, "c").build(),
                node("x-nolabel").build()));
    Collections.shuffle(nodes, new Random(7));
    return nodes;
  }

  @Test
  void byNameWithoutSpreadLabel() {
    assertThat(NodeOrder.order(fleet(), null))
        .extracting(NodeSnapshot::name)
        .containsExactly("a1", "a2", "a3", "b1", "b2", "c1", "x-nolabel");
  }

  @Test
  void roundRobinAcrossTheLabelThenName() {
    assertThat(NodeOrder.order(fleet(), ZONE))
        .extracting(NodeSnapshot::name)
        .containsExactly("a1", "b1", "c1", "x-nolabel", "a2", "b2", "a3");
  }

  @Test
  void aWaveSpreadsOverZonesAndIsDeterministic() {
    RolloutStrategy s = strategy().maxUnavailable(3).spreadBy(ZONE).build();
    RolloutPlan first = Nodes.plan(s, fleet());
    assertThat(first.newlyCordoned()).containsExactly("a1", "b1", "c1");
    for (int i = 0; i < 5; i++) {
      List<NodeSnapshot> shuffled = fleet();
      Collections.shuffle(shuffled, new Random(i));
      assertThat(Nodes.plan(s, shuffled)).isEqualTo(first);
    }
  }

  @Test
  void skipsIneligibleNodesWithoutLosingOrder() {
    List<NodeSnapshot> nodes = new ArrayList<>(fleet());
    nodes.removeIf(n -> n.name().equals("b1"));
    nodes.add(node("b1").label(ZONE, "b").cordonedByOthers().build());
    RolloutPlan plan = Nodes.plan(strategy().maxUnavailable(3).spreadBy(ZONE).build(), nodes);
    assertThat(plan.newlyCordoned()).containsExactly("a1", "c1");
  }
}
