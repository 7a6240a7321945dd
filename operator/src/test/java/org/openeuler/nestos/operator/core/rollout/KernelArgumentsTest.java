package org.openeuler.nestos.operator.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.core.rollout.Nodes.node;
import static org.openeuler.nestos.operator.core.rollout.Strategies.strategy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A kargs-only change on an updated pool: PendingReboot, then drain -> grant -> verify within the
 * budget.
 */
class KernelArgumentsTest {
  private static final List<String> KARGS = List.of("nosmt", "mitigations=auto");

  private static Nodes.B kargsNode(String name) {
    return node(name).updated().target(Nodes.NEW_IMAGE, "rev-k").kargs(KARGS, List.of());
  }

  @Test
  void pendingRebootNodesGoThroughTheCycleWithinTheBudget() {
    List<NodeSnapshot> pool =
        List.of(kargsNode("k0").build(), kargsNode("k1").build(), kargsNode("k2").build());
    RolloutPlan first = Nodes.plan(strategy().maxUnavailable(1).build(), pool);
    assertThat(first.classes()).containsValues(NodeClass.PendingReboot);
    assertThat(first.newlyCordoned()).containsExactly("k0");

    List<NodeSnapshot> drained =
        List.of(
            kargsNode("k0").drained().build(), kargsNode("k1").build(), kargsNode("k2").build());
    RolloutPlan second = Nodes.plan(strategy().maxUnavailable(1).build(), drained);
    assertThat(second.grant())
        .singleElement()
        .extracting(GrantOrder::node, GrantOrder::revision)
        .containsExactly("k0", "rev-k");
    assertThat(second.newlyCordoned()).isEmpty();

    NodeSnapshot verifying = kargsNode("k0").rebooted().kargs(KARGS, KARGS).build();
    assertThat(new NodeClassifier(Nodes.NOW, java.time.Duration.ofMinutes(10)).classify(verifying))
        .isEqualTo(NodeClass.Verifying);
    NodeSnapshot done = kargsNode("k0").verified().kargs(KARGS, KARGS).build();
    RolloutPlan third =
        Nodes.plan(
            strategy().maxUnavailable(1).build(),
            List.of(done, kargsNode("k1").build(), kargsNode("k2").build()));
    assertThat(third.classes()).containsEntry("k0", NodeClass.Updated);
    assertThat(third.uncordon())
        .containsExactly(new UncordonOrder("k0", UncordonOrder.Reason.Updated));
    assertThat(third.grant()).isEmpty();
  }
}
