package org.openeuler.nestos.operator.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.core.rollout.Nodes.node;
import static org.openeuler.nestos.operator.core.rollout.Nodes.pending;
import static org.openeuler.nestos.operator.core.rollout.Strategies.strategy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.ConditionType;

class BudgetTest {

  @ParameterizedTest(name = "maxUnavailable {0} of {1} targets -> {2}")
  @CsvSource({
    "1, 10, 1",
    "3, 10, 3",
    "0, 10, 1",
    "25%, 10, 2",
    "29%, 10, 2",
    "30%, 10, 3",
    "10%, 5, 1",
    "0%, 10, 1",
    "100%, 4, 4",
    "50%, 3, 1",
    "20, 10, 20"
  })
  void resolvesMaxUnavailableRoundingDownAndZeroMeansOne(String value, int targets, int expected) {
    RolloutStrategy s = strategy().maxUnavailable(IntOrPercent.parse(value, null)).build();
    RolloutPlan plan = Nodes.plan(s, pending(targets));
    assertThat(plan.diagnostics().maxUnavailable()).isEqualTo(expected);
    assertThat(plan.newlyCordoned()).hasSize(Math.min(expected, targets));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "NotReady (not ours), notReady",
    "cordoned by someone else, cordonedByOthers",
    "draining (ours), draining",
    "rebooting (ours), accepted",
    "verifying (ours), rebooted",
    "failed and still cordoned, failed",
    "updated but NotReady, updatedNotReady",
    "unreachable taint, unreachable"
  })
  void everyUnavailableNodeUsesBudget(String why, String state) {
    List<NodeSnapshot> nodes = new ArrayList<>(pending(6));
    Nodes.B b = node("z-other");
    switch (state) {
      case "notReady" -> b.notReady();
      case "cordonedByOthers" -> b.cordonedByOthers();
      case "draining" -> b.draining();
      case "accepted" -> b.accepted();
      case "rebooted" -> b.rebooted();
      case "failed" -> b.failed("HealthCheckFailed");
      case "updatedNotReady" -> b.updated().notReady();
      case "unreachable" -> b.taint("node.kubernetes.io/unreachable");
      default -> throw new IllegalArgumentException(state);
    }
    nodes.add(b.build());
    RolloutStrategy s = strategy().maxUnavailable(3).maxFailures(5).build();
    RolloutPlan plan = Nodes.plan(s, nodes);
    assertThat(plan.diagnostics().unavailable()).isEqualTo(1);
    assertThat(plan.newlyCordoned()).hasSize(2);
  }

  @Test
  void noBudgetLeftMeansNothingNewAndWaitingForBudget() {
    List<NodeSnapshot> nodes = new ArrayList<>(pending(4));
    nodes.add(node("x1").notReady().build());
    nodes.add(node("x2").cordonedByOthers().build());
    RolloutPlan plan = Nodes.plan(strategy().maxUnavailable(2).build(), nodes);
    assertThat(plan.newlyCordoned()).isEmpty();
    assertThat(plan.diagnostics().budget()).isZero();
    assertThat(plan.condition(ConditionType.RECONCILING).reason())
        .isEqualTo(ConditionReason.WAITING_FOR_BUDGET);
    assertThat(plan.condition(ConditionType.READY).status()).isFalse();
  }

  @Test
  void overCommittedBudgetNeverGoesNegative() {
    List<NodeSnapshot> nodes = new ArrayList<>(pending(2));
    for (int i = 0; i < 5; i++) {
      nodes.add(node("down" + i).notReady().build());
    }
    RolloutPlan plan = Nodes.plan(strategy().maxUnavailable(2).build(), nodes);
    assertThat(plan.diagnostics().budget()).isZero();
    assertThat(plan.newlyCordoned()).isEmpty();
  }

  @ParameterizedTest(name = "global capacity {0} -> {1} new cordons")
  @CsvSource({"0, 0", "1, 1", "2, 2", "10, 3"})
  void globalCapAcrossOsVersions(int capacity, int expected) {
    RolloutPlan plan =
        new RolloutPlanner(Nodes.CLOCK)
            .plan(
                new RolloutInput(
                    Nodes.OSV,
                    strategy().maxUnavailable(3).build(),
                    pending(10),
                    List.of(),
                    RetryState.NONE,
                    capacity));
    assertThat(plan.newlyCordoned()).hasSize(expected);
    if (capacity == 0) {
      assertThat(plan.condition(ConditionType.RECONCILING).reason())
          .isEqualTo(ConditionReason.WAITING_FOR_BUDGET);
    }
  }

  /**
   * Chaos seed 356 (docs/chaos.md): a drain whose first cordon the API refused keeps retrying after
   * the pass that ordered it let the node go (the target moved); it may cordon at any moment, so it
   * holds its slot, under maxUnavailable and under the global cap.
   */
  @ParameterizedTest(name = "maxUnavailable {0}, global capacity {1} -> {2} new cordons")
  @CsvSource({"1, 10, 0", "2, 10, 1", "3, 1, 0", "3, 2, 1"})
  void aRunningDrainHoldsItsSlotEvenOfANodeNoLongerWanted(
      int maxUnavailable, int capacity, int expected) {
    List<NodeSnapshot> nodes = new ArrayList<>(pending(4));
    nodes.add(node("a-draining").drainRunning().build());
    RolloutPlan plan =
        new RolloutPlanner(Nodes.CLOCK)
            .plan(
                new RolloutInput(
                    Nodes.OSV,
                    strategy().maxUnavailable(maxUnavailable).build(),
                    nodes,
                    List.of(),
                    RetryState.NONE,
                    capacity));
    assertThat(plan.newlyCordoned()).hasSize(expected);
    assertThat(plan.newlyCordoned()).doesNotContain("a-draining");
  }

  @Test
  void globalCapCountsThisOsVersionsOwnDisruptions() {
    List<NodeSnapshot> nodes = new ArrayList<>(pending(6));
    nodes.add(node("w1").accepted().build());
    nodes.add(node("w2").accepted().build());
    // maxUnavailable 10 leaves 8; the global cap 3 has room for one more beside our two in flight
    RolloutPlan plan =
        new RolloutPlanner(Nodes.CLOCK)
            .plan(
                new RolloutInput(
                    Nodes.OSV,
                    strategy().maxUnavailable(10).build(),
                    nodes,
                    List.of(),
                    RetryState.NONE,
                    3));
    assertThat(plan.newlyCordoned()).hasSize(1);
    RolloutPlan full =
        new RolloutPlanner(Nodes.CLOCK)
            .plan(
                new RolloutInput(
                    Nodes.OSV,
                    strategy().maxUnavailable(10).build(),
                    nodes,
                    List.of(),
                    RetryState.NONE,
                    2));
    assertThat(full.newlyCordoned()).isEmpty();
  }

  @Test
  void inFlightNodesCompleteTheWaveBeforeTheNextStarts() {
    List<NodeSnapshot> nodes = new ArrayList<>(pending(5));
    nodes.add(node("w1").accepted().build());
    nodes.add(
        node("w2")
            .verified()
            .build()); // done: uncordoned this pass, still unschedulable in the snapshot
    RolloutPlan plan = Nodes.plan(strategy().maxUnavailable(2).build(), nodes);
    assertThat(plan.newlyCordoned()).isEmpty();
    assertThat(plan.uncordon()).extracting(UncordonOrder::node).containsExactly("w2");
    assertThat(plan.condition(ConditionType.RECONCILING).reason())
        .isEqualTo(ConditionReason.PROGRESSING);
  }
}
