package org.openeuler.nestos.operator.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.core.rollout.Nodes.NEW_IMAGE;
import static org.openeuler.nestos.operator.core.rollout.Nodes.NOW;
import static org.openeuler.nestos.operator.core.rollout.Nodes.OLD_REV;
import static org.openeuler.nestos.operator.core.rollout.Nodes.REV;
import static org.openeuler.nestos.operator.core.rollout.Nodes.node;
import static org.openeuler.nestos.operator.core.rollout.Nodes.pending;
import static org.openeuler.nestos.operator.core.rollout.Strategies.strategy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Writes issued but not yet visible in the cache (ReplicaSet-style expectations). */
class ExpectationsTest {

  @Test
  void unseenCordonsHoldTheBudgetAndAreNotRepeated() {
    RolloutStrategy s = strategy().maxUnavailable(2).build();
    RolloutPlan first = Nodes.plan(s, pending(5));
    assertThat(first.newlyCordoned()).containsExactly("n00", "n01");
    // the cache has not caught up: same snapshot, carry the expectations
    RolloutPlan second = Nodes.plan(s, pending(5), first.expectations());
    assertThat(second.newlyCordoned()).isEmpty();
    assertThat(second.diagnostics().pendingDisruptions()).isEqualTo(2);
    assertThat(second.expectations()).hasSize(2);
  }

  @Test
  void visibleWritesDropTheirExpectation() {
    List<Expectation> issued =
        List.of(new Expectation("n00", Expectation.Kind.CORDON, REV, null, NOW));
    List<NodeSnapshot> nodes = new ArrayList<>(pending(3));
    nodes.set(0, node("n00").draining().build());
    RolloutPlan plan = Nodes.plan(strategy().maxUnavailable(2).build(), nodes, issued);
    assertThat(plan.diagnostics().pendingDisruptions()).isZero();
    assertThat(plan.diagnostics().unavailable()).isEqualTo(1);
    assertThat(plan.newlyCordoned()).containsExactly("n01");
  }

  @Test
  void unseenGrantIsNeverIssuedTwice() {
    List<NodeSnapshot> nodes = List.of(node("d").drained().build());
    RolloutPlan first = Nodes.plan(strategy().build(), nodes);
    assertThat(first.grant()).hasSize(1);
    RolloutPlan second = Nodes.plan(strategy().build(), nodes, first.expectations());
    assertThat(second.grant()).isEmpty();
  }

  /**
   * The daemon claims the grant, reboots and reports Updated, and the renderer clears the grant,
   * all before the planner's cache shows the grant: the pending GRANT expectation is met by its
   * effects, the node is released at once instead of staying cordoned until the expectation times
   * out (found when grants began to end with their update).
   */
  @Test
  void aGrantClearedBeforeTheCacheShowedItStillReleasesTheNode() {
    NodeSnapshot granted = node("n").granted().build();
    String ticket = granted.grant().ticket();
    List<Expectation> issued =
        List.of(new Expectation("n", Expectation.Kind.GRANT, REV, ticket, NOW, granted.uid()));
    NodeSnapshot done = node("n").verified().grantCleared().build();
    RolloutPlan plan = Nodes.plan(strategy().build(), List.of(done), issued);
    assertThat(plan.uncordon()).extracting(UncordonOrder::node).containsExactly("n");
    assertThat(plan.diagnostics().pendingDisruptions()).isZero();
    assertThat(plan.expectations()).noneMatch(e -> e.kind() == Expectation.Kind.GRANT);
  }

  /**
   * Chaos seed 199 (docs/chaos.md): the node was granted a reboot for one revision; a NodeConfig
   * edit moved its target and the renderer ended the grant before the planner's cache showed it.
   * The GRANT expectation for the old revision is obsolete: the drained node is granted for its new
   * revision at once, not after the five-minute expectation timeout.
   */
  @Test
  void anExpectationForARevisionTheNodeLeftIsDropped() {
    List<Expectation> issued =
        List.of(new Expectation("n", Expectation.Kind.GRANT, OLD_REV, "r-old", NOW));
    NodeSnapshot moved = node("n").target(NEW_IMAGE, REV).drained().build();
    RolloutPlan plan = Nodes.plan(strategy().build(), List.of(moved), issued);
    assertThat(plan.grant()).extracting(GrantOrder::revision).containsExactly(REV);
    assertThat(plan.expectations())
        .singleElement()
        .satisfies(e -> assertThat(e.revision()).isEqualTo(REV));
  }

  /**
   * Chaos seed 92 (docs/chaos.md): a NodeConfig edit moved the revision while two cordons were not
   * yet in the cache; their expectations are for the old revision but the cordons are real: they
   * keep holding the budget.
   */
  @Test
  void aCordonExpectationForAnOldRevisionStillHoldsTheBudget() {
    List<Expectation> issued =
        List.of(
            new Expectation("n00", Expectation.Kind.CORDON, OLD_REV, null, NOW),
            new Expectation("n01", Expectation.Kind.CORDON, OLD_REV, null, NOW));
    RolloutPlan plan = Nodes.plan(strategy().maxUnavailable(2).build(), pending(4), issued);
    assertThat(plan.newlyCordoned()).isEmpty();
    assertThat(plan.diagnostics().pendingDisruptions()).isEqualTo(2);
  }

  @Test
  void expiredExpectationsAreDroppedAndTheLoopRedoesTheWork() {
    List<Expectation> stale =
        List.of(
            new Expectation(
                "n00",
                Expectation.Kind.CORDON,
                REV,
                null,
                NOW.minus(RolloutStrategy.DEFAULT_EXPECTATION_TIMEOUT)));
    RolloutPlan plan = Nodes.plan(strategy().build(), pending(2), stale);
    assertThat(plan.newlyCordoned()).containsExactly("n00");
    assertThat(plan.expectations())
        .singleElement()
        .extracting(Expectation::issuedAt)
        .isEqualTo(NOW);
  }

  @Test
  void expectationsOfDeletedNodesAreDropped() {
    List<Expectation> issued =
        List.of(new Expectation("deleted", Expectation.Kind.GRANT, REV, "r-1", NOW));
    RolloutPlan plan = Nodes.plan(strategy().build(), pending(1), issued);
    assertThat(plan.diagnostics().pendingDisruptions()).isZero();
    assertThat(plan.newlyCordoned()).containsExactly("n00");
  }

  @Test
  void reCreatedNodeWithTheSameNameGetsItsOwnTicket() {
    NodeSnapshot before = node("n").drained().build();
    Nodes.B recreated = node("n").drained();
    recreated.uid = "uid-n-second";
    String t1 = Nodes.plan(strategy().build(), List.of(before)).grant().get(0).ticket();
    String t2 = Nodes.plan(strategy().build(), List.of(recreated.build())).grant().get(0).ticket();
    assertThat(t1).isNotEqualTo(t2);
  }

  @Test
  void aFormerNodesExpectationDoesNotHoldTheBudgetOrBlockANodeReCreatedUnderItsName() {
    NodeSnapshot before = node("n").drained().build();
    RolloutPlan granted = Nodes.plan(strategy().build(), List.of(before));
    assertThat(granted.expectations())
        .singleElement()
        .satisfies(e -> assertThat(e.uid()).isEqualTo(before.uid()));
    // the node is deleted and registers again before any pass saw the grant: a fresh, schedulable
    // node
    Nodes.B recreated = node("n");
    recreated.uid = "uid-n-second";
    RolloutPlan next =
        Nodes.plan(strategy().build(), List.of(recreated.build()), granted.expectations());
    assertThat(next.diagnostics().pendingDisruptions()).isZero();
    assertThat(next.newlyCordoned()).containsExactly("n");
    assertThat(next.expectations()).allSatisfy(e -> assertThat(e.uid()).isEqualTo("uid-n-second"));
    // the same node (same uid) still waits for its unseen grant
    RolloutPlan same =
        Nodes.plan(strategy().build(), List.of(node("n").build()), granted.expectations());
    assertThat(same.diagnostics().pendingDisruptions()).isEqualTo(1);
    assertThat(same.newlyCordoned()).isEmpty();
  }
}
