package org.openeuler.nestos.operator.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.core.rollout.Nodes.NOW;
import static org.openeuler.nestos.operator.core.rollout.Nodes.node;
import static org.openeuler.nestos.operator.core.rollout.Nodes.pending;
import static org.openeuler.nestos.operator.core.rollout.Strategies.strategy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Same-pass release: an uncordon the API server confirmed ({@link Expectation.Kind#UNCORDONED})
 * frees its budget slot before the cache shows it; an uncordon only issued ({@link
 * Expectation.Kind#UNCORDON}) or failed frees nothing.
 */
class SamePassReleaseTest {

  private static final RolloutStrategy ONE = strategy().maxUnavailable(1).build();

  /**
   * {@code v}: verified and still cordoned by us (the cache has not shown its uncordon), then three
   * pending nodes.
   */
  private static List<NodeSnapshot> fleet(boolean vReady) {
    List<NodeSnapshot> nodes = new ArrayList<>();
    Nodes.B v = node("v").verified();
    if (!vReady) {
      v.notReady();
    }
    nodes.add(v.build());
    nodes.addAll(pending(3));
    return nodes;
  }

  @ParameterizedTest(
      name = "expectation on v: {0}, v Ready {1} -> unavailable {2}, budget {3}, new cordons {4}")
  @CsvSource({
    // no expectation: v is released in this plan, still counted unavailable
    "NONE,       true,  1, 0, '',    true",
    // uncordon issued, not confirmed (or not seen): v still holds its slot, not ordered again
    "UNCORDON,   true,  1, 0, '',    false",
    // uncordon confirmed by the API server: v is available, its slot is free now
    "UNCORDONED, true,  0, 1, 'n00', false",
    // confirmed, but v is NotReady: unavailable for another reason, nothing freed
    "UNCORDONED, false, 1, 0, '',    false"
  })
  void expectationKinds(
      String kind, boolean vReady, int unavailable, int budget, String cordons, boolean vOrdered) {
    List<Expectation> expected =
        kind.equals("NONE")
            ? List.of()
            : List.of(
                new Expectation("v", Expectation.Kind.valueOf(kind), null, null, NOW, "uid-v"));
    RolloutPlan plan = Nodes.plan(ONE, fleet(vReady), expected);
    assertThat(plan.diagnostics().unavailable()).isEqualTo(unavailable);
    assertThat(plan.diagnostics().budget()).isEqualTo(budget);
    assertThat(plan.newlyCordoned())
        .isEqualTo(cordons.isEmpty() ? List.of() : List.of(cordons.split(" ")));
    assertThat(plan.orderedNodes().contains("v")).isEqualTo(vOrdered);
    assertThat(plan.grant()).isEmpty();
  }

  @Test
  void confirmedUncordonIsDroppedOnceTheCacheShowsItAndAfterTheTimeout() {
    Expectation confirmed =
        new Expectation("v", Expectation.Kind.UNCORDONED, null, null, NOW, "uid-v");
    List<NodeSnapshot> seen = new ArrayList<>(fleet(true));
    seen.set(0, node("v").updated().build()); // the cache shows v uncordoned
    RolloutPlan plan = Nodes.plan(ONE, seen, List.of(confirmed));
    assertThat(plan.expectations()).extracting(Expectation::node).doesNotContain("v");
    assertThat(plan.newlyCordoned()).containsExactly("n00");

    Expectation expired =
        new Expectation(
            "v",
            Expectation.Kind.UNCORDONED,
            null,
            null,
            NOW.minus(RolloutStrategy.DEFAULT_EXPECTATION_TIMEOUT),
            "uid-v");
    RolloutPlan late = Nodes.plan(ONE, fleet(true), List.of(expired));
    assertThat(late.uncordon())
        .extracting(UncordonOrder::node)
        .containsExactly("v"); // assumed lost: redone
    assertThat(late.newlyCordoned()).isEmpty();
  }

  @Test
  void replanUsesTheConfirmedBudgetAndOrdersOnlyNodesTheFirstPlanDidNot() {
    RolloutPlanner planner = new RolloutPlanner(Nodes.CLOCK);
    RolloutInput in =
        new RolloutInput(
            Nodes.OSV, ONE, fleet(true), List.of(), RetryState.NONE, Integer.MAX_VALUE);
    RolloutPlan first = planner.plan(in);
    assertThat(first.uncordon()).extracting(UncordonOrder::node).containsExactly("v");
    assertThat(first.newlyCordoned()).isEmpty();

    List<Expectation> afterActing =
        first.expectations().stream()
            .map(
                e ->
                    new Expectation(
                        e.node(),
                        Expectation.Kind.UNCORDONED,
                        e.revision(),
                        e.ticket(),
                        e.issuedAt(),
                        e.uid()))
            .toList();
    RolloutPlan next = planner.replan(in, first, afterActing);
    assertThat(next.newlyCordoned()).containsExactly("n00");
    assertThat(next.uncordon()).isEmpty();
    assertThat(next.expectations())
        .extracting(Expectation::node, Expectation::kind)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("v", Expectation.Kind.UNCORDONED),
            org.assertj.core.groups.Tuple.tuple("n00", Expectation.Kind.CORDON));
    assertThat(next.counts().unavailableNodes()).isZero();
  }

  @Test
  void failedUncordonFreesNothingAndIsNotRetriedInTheSamePass() {
    RolloutPlanner planner = new RolloutPlanner(Nodes.CLOCK);
    RolloutInput in =
        new RolloutInput(
            Nodes.OSV, ONE, fleet(true), List.of(), RetryState.NONE, Integer.MAX_VALUE);
    RolloutPlan first = planner.plan(in);
    RolloutPlan next =
        planner.replan(in, first, List.of()); // the uncordon failed: its expectation dropped
    assertThat(next.newlyCordoned()).isEmpty();
    assertThat(next.uncordon()).isEmpty();
    assertThat(next.expectations()).isEmpty();
    assertThat(next.diagnostics().budget()).isZero();
  }

  @Test
  void replanCountsTheGlobalCapOnTheApiServersView() {
    List<NodeSnapshot> nodes = new ArrayList<>();
    nodes.add(node("v").verified().build());
    nodes.addAll(pending(6));
    RolloutStrategy three = strategy().maxUnavailable(3).build();
    RolloutPlanner planner = new RolloutPlanner(Nodes.CLOCK);
    RolloutInput in = new RolloutInput(Nodes.OSV, three, nodes, List.of(), RetryState.NONE, 2);
    RolloutPlan first = planner.plan(in);
    assertThat(first.newlyCordoned())
        .as("v is still cordoned by us: one of the cap's two")
        .containsExactly("n00");
    List<Expectation> afterActing =
        first.expectations().stream()
            .map(
                e ->
                    e.kind() == Expectation.Kind.UNCORDON
                        ? new Expectation(
                            e.node(),
                            Expectation.Kind.UNCORDONED,
                            e.revision(),
                            e.ticket(),
                            e.issuedAt(),
                            e.uid())
                        : e)
            .toList();
    RolloutPlan next = planner.replan(in, first, afterActing);
    assertThat(next.newlyCordoned())
        .as("v's confirmed uncordon frees its slot of the cap")
        .containsExactly("n01");
    RolloutPlan again = planner.replan(in, next, next.expectations());
    assertThat(again.newlyCordoned()).as("n00 and n01 hold the whole cap").isEmpty();
  }
}
