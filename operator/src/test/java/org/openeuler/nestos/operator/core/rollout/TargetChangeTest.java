package org.openeuler.nestos.operator.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.core.rollout.Nodes.NEW_IMAGE;
import static org.openeuler.nestos.operator.core.rollout.Nodes.node;
import static org.openeuler.nestos.operator.core.rollout.Strategies.strategy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The renderer changed the target mid-rollout. */
class TargetChangeTest {
  private static final String NEWER_IMAGE = NEW_IMAGE.replace('b', 'c');

  @Test
  void sysctlOnlyRevisionChangeNeverRebootsUpdatedNodes() {
    List<NodeSnapshot> nodes =
        List.of(
            node("u0").updated().target(NEW_IMAGE, "rev-3").build(),
            node("u1").verified().target(NEW_IMAGE, "rev-3").build());
    RolloutPlan plan = Nodes.plan(strategy().maxUnavailable(2).build(), nodes);
    assertThat(plan.classes()).containsValues(NodeClass.Updated, NodeClass.Updated);
    assertThat(plan.newlyCordoned()).isEmpty();
    assertThat(plan.grant()).isEmpty();
    assertThat(plan.uncordon())
        .containsExactly(new UncordonOrder("u1", UncordonOrder.Reason.NoLongerNeeded));
  }

  @Test
  void claimedGrantOfTheOldRevisionFinishesAndIsNeverReGranted() {
    NodeSnapshot mid = node("m").accepted().target(NEWER_IMAGE, "rev-3").build();
    RolloutPlan plan =
        Nodes.plan(
            strategy().maxUnavailable(1).build(),
            List.of(mid, node("p").target(NEWER_IMAGE, "rev-3").build()));
    assertThat(plan.classes()).containsEntry("m", NodeClass.Rebooting);
    assertThat(plan.grant()).isEmpty();
    assertThat(plan.uncordon()).isEmpty();
    assertThat(plan.newlyCordoned()).isEmpty(); // m holds the budget
  }

  @Test
  void drainingNodeIsReStampedAndGrantedForTheNewRevision() {
    NodeSnapshot drained = node("d").drained().target(NEWER_IMAGE, "rev-3").build();
    NodeSnapshot draining = node("e").draining().target(NEWER_IMAGE, "rev-3").build();
    RolloutPlan plan = Nodes.plan(strategy().maxUnavailable(2).build(), List.of(drained, draining));
    assertThat(plan.grant()).singleElement().extracting(GrantOrder::revision).isEqualTo("rev-3");
    assertThat(plan.cordon()).containsExactly(new CordonOrder("e", "rev-3", false));
  }

  @Test
  void unclaimedGrantOfTheOldRevisionIsReplacedNotDoubled() {
    NodeSnapshot granted = node("g").granted().target(NEWER_IMAGE, "rev-3").build();
    RolloutPlan plan = Nodes.plan(strategy().build(), List.of(granted));
    assertThat(plan.grant())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.revision()).isEqualTo("rev-3");
              assertThat(g.ticket()).isNotEqualTo(granted.grant().ticket());
            });
  }

  @Test
  void revertedTargetReleasesNodesThatNoLongerNeedAReboot() {
    NodeSnapshot draining = node("d").draining().target(Nodes.OLD_IMAGE, Nodes.OLD_REV).build();
    RolloutPlan plan = Nodes.plan(strategy().build(), List.of(draining));
    assertThat(plan.classes()).containsEntry("d", NodeClass.Updated);
    assertThat(plan.uncordon())
        .containsExactly(new UncordonOrder("d", UncordonOrder.Reason.NoLongerNeeded));
  }

  @Test
  void updatedNodesOfTheOldImageMoveAgainOncePerNewRevision() {
    NodeSnapshot verifiedOld = node("v").verified().build();
    NodeSnapshot retargeted =
        new NodeSnapshot(
            verifiedOld.name(),
            verifiedOld.uid(),
            verifiedOld.labels(),
            true,
            null,
            false,
            java.util.Set.of(),
            null,
            true,
            new NodeTarget(NEWER_IMAGE, "rev-3", List.of()),
            verifiedOld.grant(),
            verifiedOld.observed(),
            DrainProgress.NONE);
    RolloutPlan plan = Nodes.plan(strategy().build(), List.of(retargeted));
    assertThat(plan.classes()).containsEntry("v", NodeClass.Pending);
    assertThat(plan.newlyCordoned()).containsExactly("v");
  }
}
