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
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.ConditionType;

class FailureBudgetTest {

  private static List<NodeSnapshot> withFailures(int failed, int rolledBack, int pendingCount) {
    List<NodeSnapshot> nodes = new ArrayList<>(pending(pendingCount));
    for (int i = 0; i < failed; i++) {
      nodes.add(node("f" + i).failed("HealthCheckFailed").build());
    }
    for (int i = 0; i < rolledBack; i++) {
      nodes.add(node("r" + i).rolledBack().build());
    }
    nodes.add(node("z-drained").drained().build());
    return nodes;
  }

  private static RolloutPlan plan(RolloutStrategy s, List<NodeSnapshot> nodes, RetryState retry) {
    return new RolloutPlanner(Nodes.CLOCK)
        .plan(new RolloutInput(Nodes.OSV, s, nodes, List.of(), retry, Integer.MAX_VALUE));
  }

  @ParameterizedTest(name = "maxFailures {0}, {1} failed + {2} rolled back -> halted {3}")
  @CsvSource({
    "0, 0, 0, false",
    "0, 1, 0, true",
    "0, 0, 1, true",
    "1, 1, 0, false",
    "1, 1, 1, true",
    "2, 1, 1, false",
    "3, 2, 2, true"
  })
  void haltsExactlyWhenFailuresExceedTheBudget(
      int maxFailures, int failed, int rolledBack, boolean halted) {
    RolloutPlan plan =
        Nodes.plan(
            strategy().maxUnavailable(20).maxFailures(maxFailures).build(),
            withFailures(failed, rolledBack, 3));
    assertThat(plan.diagnostics().halted()).isEqualTo(halted);
    assertThat(plan.counts().failedNodes()).isEqualTo(failed + rolledBack);
    RolloutCondition stalled = plan.condition(ConditionType.STALLED);
    RolloutCondition degraded = plan.condition(ConditionType.DEGRADED);
    assertThat(stalled.status()).isEqualTo(halted);
    assertThat(degraded.status()).isEqualTo(failed + rolledBack > 0);
    if (halted) {
      assertThat(stalled.reason()).isEqualTo(ConditionReason.FAILURE_BUDGET_EXCEEDED);
      assertThat(plan.newlyCordoned()).isEmpty();
      assertThat(plan.grant()).isEmpty();
      assertThat(plan.uncordon())
          .contains(new UncordonOrder("z-drained", UncordonOrder.Reason.Halted));
      assertThat(plan.condition(ConditionType.READY).reason())
          .isEqualTo(ConditionReason.FAILURE_BUDGET_EXCEEDED);
    } else {
      assertThat(plan.newlyCordoned()).isNotEmpty();
      assertThat(plan.grant()).extracting(GrantOrder::node).containsExactly("z-drained");
    }
  }

  @Test
  void failedNodesStayCordonedRolledBackOnesAreReleased() {
    RolloutPlan plan = Nodes.plan(strategy().maxFailures(5).build(), withFailures(1, 1, 0));
    assertThat(plan.uncordon())
        .containsExactly(new UncordonOrder("r0", UncordonOrder.Reason.RolledBack));
    assertThat(plan.failures())
        .extracting(FailedNode::name, FailedNode::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("f0", "HealthCheckFailed"),
            org.assertj.core.groups.Tuple.tuple("r0", "RolledBack"));
  }

  /**
   * Found by the chaos runner (docs/chaos.md): a node whose stage kept failing failed its revision
   * while still on the previous deployment, and stayed cordoned for ever. Healthy on the old OS, it
   * goes back to the workloads, also once the failure budget halted the rollout; a node that is
   * down stays cordoned.
   */
  @Test
  void aNodeThatFailedBeforeLeavingItsDeploymentIsReleasedEvenWhenHalted() {
    NodeSnapshot stageFailed = node("s0").draining().failedBeforeReboot("ApplyFailed").build();
    NodeSnapshot down = node("d0").draining().failedBeforeReboot("ApplyFailed").notReady().build();
    for (int maxFailures : new int[] {5, 0}) {
      RolloutPlan plan =
          Nodes.plan(strategy().maxFailures(maxFailures).build(), List.of(stageFailed, down));
      assertThat(plan.diagnostics().halted()).isEqualTo(maxFailures == 0);
      assertThat(plan.uncordon())
          .as("maxFailures " + maxFailures)
          .containsExactly(
              new UncordonOrder("s0", UncordonOrder.Reason.FailedOnPreviousDeployment));
      assertThat(plan.failures()).extracting(FailedNode::name).containsExactly("d0", "s0");
    }
  }

  @Test
  void failureListIsBoundedButTheCountIsNot() {
    RolloutPlan plan = Nodes.plan(strategy().maxFailures(100).build(), withFailures(25, 0, 0));
    assertThat(plan.counts().failedNodes()).isEqualTo(25);
    assertThat(plan.failures()).hasSize(RolloutPlanner.MAX_LISTED_FAILURES);
    assertThat(plan.failures().get(0).name()).isEqualTo("f0");
  }

  @Test
  void percentMaxFailuresRoundsDown() {
    RolloutStrategy s =
        new RolloutStrategy(
            IntOrPercent.of(1),
            IntOrPercent.percent(100),
            IntOrPercent.percent(15),
            false,
            null,
            List.of(),
            null,
            1,
            null,
            null,
            null);
    assertThat(Nodes.plan(s, withFailures(1, 0, 8)).diagnostics().maxFailures())
        .isEqualTo(1); // 15% of 10
    assertThat(Nodes.plan(s, withFailures(1, 0, 8)).diagnostics().halted()).isFalse();
    assertThat(Nodes.plan(s, withFailures(2, 0, 7)).diagnostics().halted()).isTrue();
  }

  @Test
  void retryTokenAcknowledgedResetsTheTallyAndResumes() {
    List<NodeSnapshot> nodes = withFailures(1, 0, 3);
    RolloutStrategy s = strategy().build();
    RolloutPlan halted = plan(s, nodes, RetryState.NONE);
    assertThat(halted.diagnostics().halted()).isTrue();
    assertThat(halted.acknowledgedRetry()).isNull();

    RolloutPlan retried = plan(s, nodes, new RetryState("t1", null, null));
    assertThat(retried.acknowledgedRetry()).isEqualTo("t1");
    assertThat(retried.retryHandledAt()).isEqualTo(NOW);
    assertThat(retried.diagnostics().halted()).isFalse();
    assertThat(retried.failures()).singleElement().extracting(FailedNode::counted).isEqualTo(false);
    assertThat(retried.grant()).extracting(GrantOrder::node).containsExactly("z-drained");
    assertThat(retried.classes())
        .containsEntry("f0", NodeClass.Failed); // not retried: lastFailedRevision sticks

    // next pass: acknowledged; a failure after the acknowledgement counts again
    List<NodeSnapshot> later = new ArrayList<>(nodes);
    NodeSnapshot fresh = node("f-late").failed("HealthCheckFailed").build();
    later.add(
        new NodeSnapshot(
            fresh.name(),
            fresh.uid(),
            fresh.labels(),
            true,
            null,
            true,
            fresh.taintKeys(),
            fresh.cordonedFor(),
            true,
            fresh.target(),
            fresh.grant(),
            new NodeObservation(
                fresh.observed().bootID(),
                null,
                null,
                Nodes.REV,
                fresh.observed().acceptedTicket(),
                fresh.observed().bootedImage(),
                List.of(),
                false,
                "HealthCheckFailed",
                NOW.plusSeconds(1)),
            fresh.drain()));
    RolloutPlan after =
        new RolloutPlanner(java.time.Clock.offset(Nodes.CLOCK, java.time.Duration.ofSeconds(5)))
            .plan(
                new RolloutInput(
                    Nodes.OSV,
                    s,
                    later,
                    List.of(),
                    new RetryState("t1", "t1", NOW),
                    Integer.MAX_VALUE));
    assertThat(after.acknowledgedRetry()).isNull();
    assertThat(after.diagnostics().countedFailures()).isEqualTo(1);
    assertThat(after.diagnostics().halted()).isTrue();
  }

  @Test
  void sameTokenAgainDoesNothing() {
    RolloutPlan plan =
        plan(
            strategy().build(),
            withFailures(1, 0, 1),
            new RetryState("t1", "t1", NOW.minusSeconds(3600)));
    assertThat(plan.acknowledgedRetry()).isNull();
    assertThat(plan.diagnostics().halted()).isTrue();
  }

  @Test
  void aNewTargetRevisionResetsTheTally() {
    List<NodeSnapshot> nodes =
        List.of(
            node("f0")
                .failed("HealthCheckFailed")
                .target(Nodes.NEW_IMAGE.replace('b', 'c'), "rev-3")
                .build(),
            node("n0").target(Nodes.NEW_IMAGE.replace('b', 'c'), "rev-3").build());
    RolloutPlan plan = Nodes.plan(strategy().maxUnavailable(2).build(), nodes);
    assertThat(plan.diagnostics().halted()).isFalse();
    assertThat(plan.classes()).containsEntry("f0", NodeClass.Draining);
  }
}
