package org.openeuler.nestos.operator.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.core.rollout.Nodes.node;
import static org.openeuler.nestos.operator.core.rollout.Strategies.strategy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.ConditionType;

class PauseTest {
  private final List<NodeSnapshot> nodes =
      List.of(
          node("a-pending").build(),
          node("b-draining").draining().build(),
          node("c-drained").drained().build(),
          node("d-rebooting").accepted().build(),
          node("e-verifying").rebooted().build(),
          node("f-verified").verified().build(),
          node("g-staging").stageGranted().build());

  @Test
  void pausedStartsNothingUncordonsUngrantedAndLetsGrantedFinish() {
    RolloutPlan plan = Nodes.plan(strategy().paused().maxUnavailable(10).eager(3).build(), nodes);
    assertThat(plan.newlyCordoned()).isEmpty();
    assertThat(plan.grant()).isEmpty();
    assertThat(plan.stage()).isEmpty();
    assertThat(plan.uncordon())
        .containsExactly(
            new UncordonOrder("b-draining", UncordonOrder.Reason.Paused),
            new UncordonOrder("c-drained", UncordonOrder.Reason.Paused),
            new UncordonOrder("f-verified", UncordonOrder.Reason.Updated));
    assertThat(plan.classes())
        .containsEntry("d-rebooting", NodeClass.Rebooting)
        .containsEntry("e-verifying", NodeClass.Verifying);
    assertThat(plan.condition(ConditionType.RECONCILING).reason())
        .isEqualTo(ConditionReason.PAUSED);
  }

  @Test
  void resumedGrantsTheDrainedNodeAndContinues() {
    RolloutPlan plan = Nodes.plan(strategy().maxUnavailable(10).build(), nodes);
    assertThat(plan.grant()).extracting(GrantOrder::node).containsExactly("c-drained");
    assertThat(plan.cordon())
        .extracting(CordonOrder::node, CordonOrder::fresh)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a-pending", true),
            org.assertj.core.groups.Tuple.tuple("b-draining", false),
            org.assertj.core.groups.Tuple.tuple("g-staging", true));
    assertThat(plan.condition(ConditionType.RECONCILING).reason())
        .isEqualTo(ConditionReason.PROGRESSING);
  }
}
