package org.openeuler.nestos.operator.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.core.rollout.Nodes.NOW;
import static org.openeuler.nestos.operator.core.rollout.Nodes.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeletionHoldsTest {
  private final NodeClassifier classifier = new NodeClassifier(NOW, Duration.ofSeconds(600));

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of("pending: nothing of ours", node("a"), false, false, null),
        Arguments.of("updated and released", node("a").updated(), false, false, null),
        Arguments.of("a drain running", node("a").draining(), true, false, "draining"),
        Arguments.of(
            "cordoned by us, not draining",
            node("a").draining(),
            false,
            false,
            "cordoned by us, its uncordon pending"),
        Arguments.of(
            "drained, the cache not showing the cordon yet",
            node("a"),
            false,
            true,
            "drained, its uncordon pending"),
        Arguments.of("claimed, same boot", node("a").accepted(), false, false, "rebooting"),
        Arguments.of(
            "claimed, NotReady within the deadline",
            node("a").accepted().notReady(),
            false,
            false,
            "rebooting, NotReady since 2025-03-10T11:59:00Z"),
        Arguments.of(
            "rebooted, verifying", node("a").rebooted(), false, false, "verifying its health gate"),
        Arguments.of(
            "never came back: failed, grant active, down",
            node("a").accepted().notReady().readySince(NOW.minusSeconds(601)),
            false,
            false,
            "did not come back from its reboot (NotReady since 2025-03-10T11:49:59Z): released when"
                + " it returns, or once its Node object is deleted"),
        Arguments.of(
            "rolled back, grant ended, still cordoned: the pass uncordons it",
            node("a").rolledBack().grantCleared(),
            false,
            false,
            "cordoned by us, its uncordon pending"),
        Arguments.of(
            "failed before its reboot, no grant: released, nothing in flight",
            node("a").draining().failedBeforeReboot("StageFailed"),
            false,
            false,
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void holds(String name, Nodes.B b, boolean draining, boolean drained, String why) {
    NodeSnapshot n = b.build();
    var hold = DeletionHolds.of(n, classifier.classify(n), draining, drained);
    assertThat(hold.map(DeletionHolds.Hold::why).orElse(null)).isEqualTo(why);
  }

  @Test
  void theMessageCountsEveryNodeAndNamesTheFirstFiveByName() {
    List<DeletionHolds.Hold> holds = new ArrayList<>();
    for (int i = 7; i >= 1; i--) {
      holds.add(new DeletionHolds.Hold("node-" + i, "rebooting"));
    }
    assertThat(DeletionHolds.message(holds))
        .isEqualTo(
            "deletion waits for 7 node(s) with work in flight: node-1 (rebooting), node-2"
                + " (rebooting), node-3 (rebooting), node-4 (rebooting), node-5 (rebooting), and 2"
                + " more");
  }
}
