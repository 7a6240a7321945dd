package org.openeuler.nestos.operator.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.core.rollout.Nodes.node;
import static org.openeuler.nestos.operator.core.rollout.Nodes.pending;
import static org.openeuler.nestos.operator.core.rollout.Strategies.strategy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Nodes joining or leaving the OSVersion's selector mid-rollout. */
class SelectorChangeTest {

  @Test
  void joiningNodeIsPickedInOrderAndPercentBudgetsFollowTheTargetCount() {
    List<NodeSnapshot> nodes = new ArrayList<>(pending(9));
    RolloutStrategy s = strategy().maxUnavailable(IntOrPercent.percent(20)).build();
    assertThat(Nodes.plan(s, nodes).diagnostics().maxUnavailable()).isEqualTo(1);
    nodes.add(node("a-joined").build());
    RolloutPlan plan = Nodes.plan(s, nodes);
    assertThat(plan.diagnostics().maxUnavailable()).isEqualTo(2);
    assertThat(plan.newlyCordoned()).containsExactly("a-joined", "n00");
    assertThat(plan.counts().targetNodes()).isEqualTo(10);
  }

  @Test
  void leavingNodeCordonedButUngrantedIsReleased() {
    RolloutPlan plan =
        Nodes.plan(
            strategy().build(),
            List.of(node("gone").draining().departed().build(), node("n0").build()));
    assertThat(plan.uncordon())
        .containsExactly(new UncordonOrder("gone", UncordonOrder.Reason.LeftSelector));
    assertThat(plan.counts().targetNodes()).isEqualTo(1);
    assertThat(plan.newlyCordoned())
        .isEmpty(); // still unschedulable in this snapshot: holds the budget one pass
  }

  @Test
  void leavingNodeInFlightFinishesHoldsBudgetAndIsReleasedAfterwards() {
    RolloutPlan during =
        Nodes.plan(
            strategy().build(),
            List.of(node("gone").accepted().departed().build(), node("n0").build()));
    assertThat(during.uncordon()).isEmpty();
    assertThat(during.grant()).isEmpty();
    assertThat(during.newlyCordoned()).isEmpty();
    assertThat(during.counts().updatingNodes()).isZero();

    RolloutPlan after =
        Nodes.plan(
            strategy().build(),
            List.of(node("gone").verified().departed().build(), node("n0").build()));
    assertThat(after.uncordon())
        .containsExactly(new UncordonOrder("gone", UncordonOrder.Reason.LeftSelector));
  }

  @Test
  void leavingNodeNeverGetsNewWork() {
    RolloutPlan plan =
        Nodes.plan(
            strategy().maxUnavailable(5).eager(5).build(),
            List.of(node("gone1").departed().build(), node("gone2").drained().departed().build()));
    assertThat(plan.newlyCordoned()).isEmpty();
    assertThat(plan.stage()).isEmpty();
    assertThat(plan.grant()).isEmpty();
    assertThat(plan.condition(org.openeuler.nestos.api.ConditionType.READY).reason())
        .isEqualTo(org.openeuler.nestos.api.ConditionReason.NO_TARGETS);
  }
}
