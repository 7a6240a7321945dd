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

class PartitionTest {

  @ParameterizedTest(name = "partition {0}, {1} updated, {2} in progress, {3} failed -> {4} new")
  @CsvSource({
    "100%, 0, 0, 0, 5",
    "2, 0, 0, 0, 2",
    "2, 1, 0, 0, 1",
    "2, 1, 1, 0, 0",
    "2, 0, 0, 1, 1",
    "3, 3, 0, 0, 0",
    "0, 0, 0, 0, 0",
    "25%, 0, 0, 0, 2",
    "19%, 0, 0, 0, 1"
  })
  void countsNodesAlreadyMovedTowardThePartition(
      String partition, int updated, int inProgress, int failed, int expected) {
    List<NodeSnapshot> nodes = new ArrayList<>(pending(10 - updated - inProgress - failed));
    for (int i = 0; i < updated; i++) {
      nodes.add(node("u" + i).updated().build());
    }
    for (int i = 0; i < inProgress; i++) {
      nodes.add(node("p" + i).accepted().build());
    }
    for (int i = 0; i < failed; i++) {
      nodes.add(node("f" + i).failed("HealthCheckFailed").build());
    }
    RolloutStrategy s =
        strategy()
            .maxUnavailable(5)
            .maxFailures(5)
            .partition(IntOrPercent.parse(partition, null))
            .build();
    assertThat(Nodes.plan(s, nodes).newlyCordoned()).hasSize(expected);
  }

  @Test
  void reachedPartitionIsReportedAndRaisingItContinues() {
    List<NodeSnapshot> nodes = new ArrayList<>(pending(3));
    nodes.add(node("u0").updated().build());
    RolloutPlan held = Nodes.plan(strategy().partition(IntOrPercent.of(1)).build(), nodes);
    assertThat(held.newlyCordoned()).isEmpty();
    assertThat(held.condition(ConditionType.RECONCILING).reason())
        .isEqualTo(ConditionReason.PARTITION_REACHED);
    assertThat(held.condition(ConditionType.READY).reason())
        .isEqualTo(ConditionReason.PARTITION_REACHED);

    RolloutPlan raised = Nodes.plan(strategy().partition(IntOrPercent.of(2)).build(), nodes);
    assertThat(raised.newlyCordoned()).containsExactly("n00");
  }
}
