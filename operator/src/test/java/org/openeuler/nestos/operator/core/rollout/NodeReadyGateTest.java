package org.openeuler.nestos.operator.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.core.rollout.Nodes.NOW;
import static org.openeuler.nestos.operator.core.rollout.Nodes.node;
import static org.openeuler.nestos.operator.core.rollout.Strategies.strategy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the Node's Ready condition is part of the health gate. A node the daemon reports
 * updated stays cordoned (and holds its slot) until the kubelet reports Ready; one that does not
 * within the health deadline fails with reason NodeNotReady and stays cordoned for the admin.
 */
class NodeReadyGateTest {

  @Test
  void anUpdatedNodeIsReleasedOnlyOnceItsNodeIsReady() {
    NodeSnapshot notReady = node("a").verified().notReady().build();
    RolloutPlan held = Nodes.plan(strategy().maxUnavailable(1).build(), List.of(notReady));
    assertThat(held.uncordon()).isEmpty();
    assertThat(held.classes()).containsEntry("a", NodeClass.Verifying);
    assertThat(held.counts().updatedNodes()).isZero();

    NodeSnapshot ready = node("a").verified().build();
    RolloutPlan released = Nodes.plan(strategy().maxUnavailable(1).build(), List.of(ready));
    assertThat(released.uncordon()).extracting(UncordonOrder::node).containsExactly("a");
  }

  @Test
  void aNodeNotReadyWhileVerifyingHoldsItsSlot() {
    NodeSnapshot notReady = node("a").verified().notReady().build();
    RolloutPlan plan =
        Nodes.plan(strategy().maxUnavailable(1).build(), List.of(notReady, node("b").build()));
    assertThat(plan.cordon()).isEmpty();
  }

  @Test
  void aNodeThatStaysNotReadyPastTheDeadlineFailsWithItsReasonAndStaysCordoned() {
    NodeSnapshot stuck = node("a").verified().notReady().readySince(NOW.minusSeconds(601)).build();
    RolloutPlan plan =
        Nodes.plan(strategy().maxUnavailable(1).maxFailures(1).build(), List.of(stuck));
    assertThat(plan.classes()).containsEntry("a", NodeClass.Failed);
    assertThat(plan.failures()).extracting(FailedNode::reason).containsExactly("NodeNotReady");
    assertThat(plan.uncordon()).isEmpty();
    assertThat(new NodeClassifier(NOW, Duration.ofSeconds(600)).failureReason(stuck))
        .isEqualTo("NodeNotReady");
  }
}
