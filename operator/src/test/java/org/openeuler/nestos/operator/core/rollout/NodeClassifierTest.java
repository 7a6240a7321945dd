package org.openeuler.nestos.operator.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.core.rollout.Nodes.NEW_IMAGE;
import static org.openeuler.nestos.operator.core.rollout.Nodes.NOW;
import static org.openeuler.nestos.operator.core.rollout.Nodes.node;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeClassifierTest {
  private final NodeClassifier classifier = new NodeClassifier(NOW, Duration.ofSeconds(600));

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of("old image, nothing started", node("a"), NodeClass.Pending),
        Arguments.of("booted image and kargs match", node("a").updated(), NodeClass.Updated),
        Arguments.of(
            "image current, live-only revision change",
            node("a").updated().target(NEW_IMAGE, "rev-3"),
            NodeClass.Updated),
        Arguments.of(
            "image current, kargs differ",
            node("a").updated().kargs(List.of("nosmt"), List.of()),
            NodeClass.PendingReboot),
        Arguments.of(
            "kargs present but in another order",
            node("a")
                .updated()
                .kargs(
                    List.of("hugepagesz=1G", "hugepages=4"),
                    List.of("hugepages=4", "hugepagesz=1G")),
            NodeClass.PendingReboot),
        Arguments.of(
            "transport-less booted reference", node("a").bootedImage(NEW_IMAGE), NodeClass.Updated),
        Arguments.of(
            "other repository with a matching suffix",
            node("a").bootedImage("evil" + NEW_IMAGE),
            NodeClass.Pending),
        Arguments.of("Stage granted, not staged yet", node("a").stageGranted(), NodeClass.Staging),
        Arguments.of("staged for the target revision", node("a").staged(), NodeClass.Staged),
        Arguments.of("cordoned by us, draining", node("a").draining(), NodeClass.Draining),
        Arguments.of(
            "cordoned by us for an older revision",
            node("a").draining().target(NEW_IMAGE, "rev-3"),
            NodeClass.Draining),
        Arguments.of("granted, not yet claimed", node("a").granted(), NodeClass.Rebooting),
        Arguments.of("claimed, same boot", node("a").accepted(), NodeClass.Rebooting),
        Arguments.of(
            "claimed, NotReady within the deadline",
            node("a").accepted().notReady(),
            NodeClass.Rebooting),
        Arguments.of(
            "claimed, NotReady past the deadline: never came back",
            node("a").accepted().notReady().readySince(NOW.minusSeconds(601)),
            NodeClass.Failed),
        Arguments.of("bootID changed after the grant", node("a").rebooted(), NodeClass.Verifying),
        Arguments.of("verified healthy", node("a").verified(), NodeClass.Updated),
        Arguments.of(
            "verified by the daemon, the Node not Ready yet: still verifying",
            node("a").verified().notReady(),
            NodeClass.Verifying),
        Arguments.of(
            "verified by the daemon, the Node NotReady past the deadline",
            node("a").verified().notReady().readySince(NOW.minusSeconds(601)),
            NodeClass.Failed),
        Arguments.of(
            "lastFailedRevision == target revision",
            node("a").failed("HealthCheckFailed"),
            NodeClass.Failed),
        Arguments.of(
            "rollback unavailable", node("a").failed("RollbackUnavailable"), NodeClass.Failed),
        Arguments.of("rolled back and Ready", node("a").rolledBack(), NodeClass.RolledBack),
        Arguments.of(
            "rolling back (NotReady)", node("a").rolledBack().notReady(), NodeClass.Failed),
        Arguments.of(
            "failed an older revision, new target: already ours, drains again",
            node("a").failed("HealthCheckFailed").target(NEW_IMAGE + "x", "rev-3"),
            NodeClass.Draining),
        Arguments.of("NotReady, not ours", node("a").notReady(), NodeClass.Unavailable),
        Arguments.of(
            "unreachable taint",
            node("a").taint("node.kubernetes.io/unreachable"),
            NodeClass.Unavailable),
        Arguments.of(
            "cordoned by someone else", node("a").cordonedByOthers(), NodeClass.Unavailable),
        Arguments.of(
            "updated but NotReady stays Updated",
            node("a").updated().notReady(),
            NodeClass.Updated),
        Arguments.of(
            "claimed grant of an older revision still finishes",
            node("a").accepted().target(NEW_IMAGE, "rev-3"),
            NodeClass.Rebooting),
        Arguments.of(
            "unclaimed grant of an older revision is void",
            node("a").granted().target(NEW_IMAGE, "rev-3"),
            NodeClass.Draining),
        Arguments.of(
            "rebooted before claiming (unplanned): grant void, still ours",
            node("a").granted().bootID("boot-other"),
            NodeClass.Draining));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("table")
  void classifies(String why, Nodes.B node, NodeClass expected) {
    assertThat(classifier.classify(node.build())).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void unavailabilityIsIndependentOfTheClass(String why, Nodes.B node, NodeClass c) {
    NodeSnapshot n = node.build();
    boolean expected =
        !n.ready()
            || n.unschedulable()
            || n.cordonedFor() != null
            || c.inProgress()
            || n.taintKeys().contains("node.kubernetes.io/unreachable");
    assertThat(NodeClassifier.unavailable(n, classifier.classify(n))).isEqualTo(expected);
  }
}
