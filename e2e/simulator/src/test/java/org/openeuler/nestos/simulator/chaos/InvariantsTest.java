package org.openeuler.nestos.simulator.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each invariant on a hand-made cluster view: quiet when it holds, named when it breaks. */
class InvariantsTest {

  static final String OLD = "sha256:" + "a".repeat(64);
  static final String NEW = "sha256:" + "b".repeat(64);
  static final ChaosSchedule SCHEDULE =
      new ChaosSchedule(1, 3, 1, 1, 0, false, 0, "2048", List.of());

  /** A node up to date on NEW, uncordoned, no grant, the sysctl applied. */
  static ClusterView.NodeView updated(String name) {
    return new ClusterView.NodeView(
        name,
        true,
        false,
        false,
        NEW,
        Map.of(NEW, 1),
        Map.of(),
        "2048",
        "r1",
        "r1",
        null,
        "None",
        null,
        Map.of(NEW, 1));
  }

  static ClusterView.NodeView with(ClusterView.NodeView n, String field, Object value) {
    return new ClusterView.NodeView(
        n.name(),
        field.equals("ready") ? (Boolean) value : n.ready(),
        field.equals("cordoned") ? (Boolean) value : n.cordonedByUs(),
        field.equals("hung") ? (Boolean) value : n.hung(),
        field.equals("booted") ? (String) value : n.bootedDigest(),
        field.equals("finalizations") ? castMap(value) : n.finalizations(),
        field.equals("rollbacks") ? castMap(value) : n.rollbacks(),
        field.equals("sysctl") ? (String) value : n.sysctl(),
        field.equals("spec") ? (String) value : n.specRevision(),
        field.equals("current") ? (String) value : n.currentRevision(),
        field.equals("failed") ? (String) value : n.failedRevision(),
        field.equals("grant") ? (String) value : n.grant(),
        field.equals("grant")
            ? "r1"
            : field.equals("grantRevision") ? (String) value : n.grantRevision(),
        field.equals("grants") ? castMap(value) : n.rebootGrants());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Integer> castMap(Object o) {
    return (Map<String, Integer>) o;
  }

  static ClusterView view(
      String ready, List<String> failed, String nodeConfig, ClusterView.NodeView... nodes) {
    return new ClusterView(
        1000,
        List.of(nodes),
        ready == null ? null : new ClusterView.OsvView(NEW, ready, null, failed, true),
        nodeConfig);
  }

  static List<String> broken(List<Violation> vs) {
    return vs.stream().map(Violation::invariant).distinct().toList();
  }

  @Test
  void aCompleteRolloutBreaksNothing() {
    ClusterView v =
        view(
            "True/RolloutComplete", List.of(), "2048", updated("n1"), updated("n2"), updated("n3"));
    assertThat(Invariants.atEnd(v, SCHEDULE)).isEmpty();
  }

  @Test
  void moreCordonedThanTheBudgetOrTheGlobalCap() {
    ClusterView.NodeView a = with(updated("n1"), "cordoned", true);
    ClusterView.NodeView b = with(updated("n2"), "cordoned", true);
    assertThat(broken(Invariants.always(view(null, List.of(), "2048", a, b), SCHEDULE)))
        .containsExactly(Invariants.BUDGET);
    ChaosSchedule two = new ChaosSchedule(1, 3, 2, 1, 0, false, 0, "2048", List.of());
    assertThat(Invariants.always(view(null, List.of(), "2048", a, b), two)).isEmpty();
    ChaosSchedule capped = new ChaosSchedule(1, 3, 2, 1, 1, false, 0, "2048", List.of());
    assertThat(broken(Invariants.always(view(null, List.of(), "2048", a, b), capped)))
        .containsExactly(Invariants.BUDGET);
  }

  @Test
  void moreRebootsIntoAnImageThanRevisionsOfItGranted() {
    ClusterView.NodeView twice = with(updated("n1"), "finalizations", Map.of(NEW, 2));
    assertThat(broken(Invariants.always(view(null, List.of(), "2048", twice), SCHEDULE)))
        .containsExactly(Invariants.ONE_FORWARD_REBOOT);
    // a second revision of the same image (a kernel-argument change) may reboot into it again
    assertThat(
            Invariants.always(
                view(null, List.of(), "2048", with(twice, "grants", Map.of(NEW, 2))), SCHEDULE))
        .isEmpty();
    // but a grant for another image does not cover it
    assertThat(
            broken(
                Invariants.always(
                    view(null, List.of(), "2048", with(twice, "grants", Map.of(NEW, 1, OLD, 1))),
                    SCHEDULE)))
        .containsExactly(Invariants.ONE_FORWARD_REBOOT);
    ClusterView.NodeView ungranted = with(updated("n1"), "finalizations", Map.of(OLD, 1));
    assertThat(broken(Invariants.always(view(null, List.of(), "2048", ungranted), SCHEDULE)))
        .containsExactly(Invariants.ONE_FORWARD_REBOOT);
    ClusterView.NodeView rolledTwice = with(updated("n1"), "rollbacks", Map.of(NEW, 2));
    assertThat(broken(Invariants.always(view(null, List.of(), "2048", rolledTwice), SCHEDULE)))
        .containsExactly(Invariants.ONE_ROLLBACK);
  }

  @Test
  void aCordonOrAGrantLeftBehindAnEndedUpdate() {
    ClusterView.NodeView cordoned = with(updated("n1"), "cordoned", true);
    // a live grant: bound to a revision the node neither reached nor failed
    ClusterView.NodeView granted =
        with(with(updated("n2"), "grant", "Reboot"), "grantRevision", "r0");
    assertThat(
            broken(
                Invariants.atEnd(
                    view("True/RolloutComplete", List.of(), "2048", cordoned, granted), SCHEDULE)))
        .containsExactly(Invariants.CORDON_OUTLIVES_UPDATE, Invariants.GRANT_OUTLIVES_UPDATE);
    // an ended grant (bound to the revision reached) is inert until the renderer's next write
    ClusterView.NodeView ended = with(updated("n4"), "grant", "Reboot");
    assertThat(Invariants.atEnd(view("True/RolloutComplete", List.of(), "2048", ended), SCHEDULE))
        .isEmpty();
    // once the rollout halted, a node that is up is neither cordoned nor holds a Reboot grant,
    // whatever its update's state
    ClusterView.NodeView pending =
        with(with(with(updated("n3"), "current", "r0"), "cordoned", true), "grant", "Reboot");
    assertThat(
            broken(
                Invariants.atEnd(
                    view("False/FailureBudgetExceeded", List.of(), "2048", pending), SCHEDULE)))
        .containsExactly(Invariants.CORDON_OUTLIVES_UPDATE, Invariants.GRANT_OUTLIVES_UPDATE);
    // a node that is down for good keeps both: its update never ended
    ClusterView.NodeView down =
        with(with(with(cordoned, "grant", "Reboot"), "hung", true), "ready", false);
    assertThat(Invariants.atEnd(view("True/RolloutComplete", List.of(), "2048", down), SCHEDULE))
        .isEmpty();
  }

  @Test
  void aFailedNodeMustRunItsPreviousDeploymentAndTheOthersTheTarget() {
    ClusterView.NodeView failedOnTarget = with(updated("n1"), "failed", "r1");
    assertThat(
            broken(
                Invariants.atEnd(
                    view("True/RolloutComplete", List.of("n1"), "2048", failedOnTarget), SCHEDULE)))
        .containsExactly(Invariants.FAILED_NODE_ROLLED_BACK);
    ClusterView.NodeView rolledBack = with(failedOnTarget, "booted", OLD);
    assertThat(
            Invariants.atEnd(
                view("True/RolloutComplete", List.of("n1"), "2048", rolledBack), SCHEDULE))
        .isEmpty();
    ClusterView.NodeView left = with(updated("n2"), "booted", OLD);
    assertThat(
            broken(
                Invariants.atEnd(view("True/RolloutComplete", List.of(), "2048", left), SCHEDULE)))
        .containsExactly(Invariants.UPDATED_NODE_ON_TARGET);
  }

  @Test
  void aRolloutThatNeitherCompletedNorHalted() {
    assertThat(
            broken(
                Invariants.atEnd(
                    view("False/Progressing", List.of(), "2048", updated("n1")), SCHEDULE)))
        .containsExactly(Invariants.COMPLETE_OR_HALTED);
    assertThat(
            Invariants.atEnd(
                view("False/FailureBudgetExceeded", List.of(), "2048", updated("n1")), SCHEDULE))
        .isEmpty();
    assertThat(Invariants.atEnd(view(null, List.of(), "2048", updated("n1")), SCHEDULE))
        .as("OSVersion deleted")
        .isEmpty();
  }

  @Test
  void everyNodeThatCanComeBackIsBackAndADeadOneMayHoldTheBudget() {
    ClusterView.NodeView rebooting = with(updated("n1"), "ready", false);
    assertThat(
            broken(
                Invariants.atEnd(
                    view("True/RolloutComplete", List.of(), "2048", rebooting), SCHEDULE)))
        .containsExactly(Invariants.NODE_BACK_UP);
    ClusterView.NodeView dead = with(rebooting, "hung", true);
    assertThat(
            Invariants.atEnd(
                view("False/WaitingForBudget", List.of("n1"), "2048", dead, updated("n2")),
                SCHEDULE))
        .as("a NotReady node counts as unavailable: the rollout waits, with a reason")
        .isEmpty();
    assertThat(
            broken(
                Invariants.atEnd(
                    view("False/WaitingForBudget", List.of(), "2048", updated("n2")), SCHEDULE)))
        .containsExactly(Invariants.COMPLETE_OR_HALTED);
  }

  @Test
  void aDeletionMayBeHeldOnlyByANodeThatNeverCameBack() {
    ClusterView.NodeView dead = with(with(updated("n1"), "ready", false), "hung", true);
    assertThat(
            Invariants.atEnd(
                view("False/Deleting", List.of(), "2048", dead, updated("n2")), SCHEDULE))
        .as("the deletion waits for the dead node, with a reason")
        .isEmpty();
    assertThat(
            broken(
                Invariants.atEnd(
                    view("False/Deleting", List.of(), "2048", updated("n2")), SCHEDULE)))
        .containsExactly(Invariants.COMPLETE_OR_HALTED);
    ClusterView.NodeView cordoned = with(updated("n2"), "cordoned", true);
    assertThat(
            broken(
                Invariants.atEnd(
                    view("False/Deleting", List.of(), "2048", dead, cordoned), SCHEDULE)))
        .as("a node that is up is released meanwhile")
        .containsExactly(Invariants.CORDON_OUTLIVES_UPDATE);
  }

  @Test
  void sysctlsFollowTheNodeConfigAndComeBackWhenItGoes() {
    ClusterView.NodeView stale = with(updated("n1"), "sysctl", "1024");
    assertThat(
            broken(
                Invariants.atEnd(view("True/RolloutComplete", List.of(), "2048", stale), SCHEDULE)))
        .containsExactly(Invariants.SYSCTL_APPLIED);
    assertThat(
            broken(
                Invariants.atEnd(
                    view("True/RolloutComplete", List.of(), null, updated("n1")), SCHEDULE)))
        .containsExactly(Invariants.SYSCTL_RESTORED);
    ClusterView.NodeView restored = with(updated("n1"), "sysctl", ChaosSchedule.SYSCTL_DEFAULT);
    assertThat(Invariants.atEnd(view("True/RolloutComplete", List.of(), null, restored), SCHEDULE))
        .isEmpty();
  }
}
