package org.openeuler.nestos.operator.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.core.rollout.Nodes.node;
import static org.openeuler.nestos.operator.core.rollout.Nodes.pending;
import static org.openeuler.nestos.operator.core.rollout.Strategies.strategy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.Disruption.Allowed;

class StagingTest {

  @Test
  void onGrantStagesNothingAhead() {
    assertThat(Nodes.plan(strategy().build(), pending(5)).stage()).isEmpty();
  }

  @Test
  void eagerStagesUpToMaxConcurrentAfterThePicks() {
    RolloutPlan plan = Nodes.plan(strategy().eager(2).build(), pending(6));
    assertThat(plan.newlyCordoned()).containsExactly("n00");
    assertThat(plan.stage()).extracting(GrantOrder::node).containsExactly("n01", "n02");
    GrantOrder g = plan.stage().get(0);
    assertThat(g.allowed()).isEqualTo(Allowed.Stage);
    assertThat(g.revision()).isEqualTo(Nodes.REV);
    assertThat(g.bootID()).isEqualTo("boot-n01-1");
    assertThat(g.ticket())
        .isEqualTo(Tickets.of(Nodes.OSV, Allowed.Stage, "uid-n01", "boot-n01-1", Nodes.REV));
  }

  @Test
  void stagingNodesHoldTheirSlotsAndStagedOnesFreeThem() {
    List<NodeSnapshot> nodes = new ArrayList<>(pending(4));
    nodes.add(node("s1").stageGranted().build());
    nodes.add(node("s2").staged().build());
    nodes.add(node("a0").accepted().build()); // budget taken: no cordon this pass
    RolloutPlan plan = Nodes.plan(strategy().eager(2).build(), nodes);
    assertThat(plan.newlyCordoned()).isEmpty();
    assertThat(plan.stage()).extracting(GrantOrder::node).containsExactly("n00");
    assertThat(plan.counts().stagedNodes()).isEqualTo(1);
  }

  @Test
  void stagesNoMoreThanThePartitionCanMove() {
    RolloutPlan plan =
        Nodes.plan(strategy().eager(5).partition(IntOrPercent.of(2)).build(), pending(6));
    assertThat(plan.newlyCordoned()).containsExactly("n00");
    assertThat(plan.stage()).extracting(GrantOrder::node).containsExactly("n01");
  }

  @Test
  void kernelArgumentOnlyChangesAreNotStaged() {
    List<NodeSnapshot> nodes =
        List.of(
            node("k0").updated().kargs(List.of("nosmt"), List.of()).build(),
            node("k1").updated().kargs(List.of("nosmt"), List.of()).build());
    RolloutPlan plan = Nodes.plan(strategy().eager(2).build(), nodes);
    assertThat(plan.stage()).isEmpty();
  }

  @Test
  void pausedStagesNothing() {
    assertThat(Nodes.plan(strategy().eager(3).paused().build(), pending(4)).stage()).isEmpty();
  }

  @Test
  void stagedNodesArePickedAndGrantedLikeOthers() {
    List<NodeSnapshot> nodes =
        List.of(node("s1").staged().build(), node("s2").staged().drained().build());
    RolloutPlan plan = Nodes.plan(strategy().maxUnavailable(2).eager(1).build(), nodes);
    assertThat(plan.newlyCordoned()).containsExactly("s1");
    assertThat(plan.grant()).extracting(GrantOrder::node).containsExactly("s2");
  }
}
