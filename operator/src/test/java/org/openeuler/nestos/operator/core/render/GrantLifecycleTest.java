package org.openeuler.nestos.operator.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.core.render.Fx.all;
import static org.openeuler.nestos.operator.core.render.Fx.image;
import static org.openeuler.nestos.operator.core.render.Fx.node;
import static org.openeuler.nestos.operator.core.render.Fx.osv;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.NodeStateStatus;

/**
 * Issue 11 items 2 and 4: a Reboot grant ends with the update it was for, and only the operator's
 * tickets count (a hand-written grant is reverted).
 */
class GrantLifecycleTest {

  static final List<NodeInfo> NODES = List.of(node("n1", "pool=a"));

  static NodeStateSpec first(OsVersionInput o) {
    return Fx.render(NODES, List.of(o), List.of(), List.of()).nodes().get("n1").spec();
  }

  static RenderedNode render(
      List<OsVersionInput> osvs,
      List<NodeConfigInput> ncs,
      NodeStateSpec spec,
      NodeStateStatus st) {
    return NodeStateRenderer.render(
            new RenderInput(
                NODES, osvs, ncs, List.of(), Map.of("n1", new CurrentNodeState(spec, st))))
        .nodes()
        .get("n1");
  }

  /**
   * A grant whose update ended is inert: a render that changes nothing else keeps it (no write of
   * its own, issue 14: three writes per update), the next render that writes the NodeState clears
   * it.
   */
  @Test
  void anEndedGrantIsClearedByTheNextRenderThatWritesTheNodeState() {
    OsVersionInput a = osv("a", 'a', all());
    NodeStateSpec prev = first(a);
    Disruption grant = Fx.grant("a", prev.revision());
    NodeStateStatus done = Fx.status(prev.revision(), null, grant.ticket());
    RenderedNode unchanged = render(List.of(a), List.of(), Fx.specWith(prev, grant), done);
    assertThat(unchanged.spec()).isEqualTo(Fx.specWith(prev, grant));
    assertThat(unchanged.revokedGrant()).isNull();

    NodeConfigInput sysctl = Fx.nc("c", 0, all(), "net.core.somaxconn=1024");
    RenderedNode changed = render(List.of(a), List.of(sysctl), Fx.specWith(prev, grant), done);
    assertThat(changed.spec().revision()).isNotEqualTo(prev.revision());
    assertThat(changed.spec().disruption().allowed()).isEqualTo(Disruption.Allowed.None);
    assertThat(changed.spec().disruption().ticket()).isNull();
    assertThat(changed.revokedGrant().foreign()).isFalse();
    assertThat(changed.revokedGrant().reason()).contains("grant ended");
  }

  /**
   * The reported sequence: rollout complete (grant kept), then a live-only revision moved {@code
   * currentRevision} on; the old grant must not pin the node to its old image and owner.
   */
  @Test
  void anEndedGrantNeverPinsTheNodeAfterALiveOnlyRevisionMovedOn() {
    OsVersionInput a = osv("a", 'a', all());
    NodeStateSpec prev = first(a);
    Disruption grant = Fx.grant("a", prev.revision());
    NodeConfigInput sysctl = Fx.nc("c", 0, all(), "net.core.somaxconn=1024");
    NodeStateSpec live = render(List.of(a), List.of(sysctl), Fx.specWith(prev, grant), null).spec();
    assertThat(live.revision()).isNotEqualTo(prev.revision());
    // the daemon applied the live-only revision: currentRevision moved past the grant's
    NodeStateStatus movedOn = Fx.status(live.revision(), null, null);

    RenderedNode edited =
        render(List.of(osv("a", 'b', all())), List.of(sysctl), Fx.specWith(live, grant), movedOn);
    assertThat(edited.ownerRetained()).isFalse();
    assertThat(edited.spec().osImage()).as("the image edit is rendered").isEqualTo(image('b'));
    assertThat(edited.spec().disruption().allowed()).isEqualTo(Disruption.Allowed.None);

    RenderedNode deleted =
        render(
            List.of(osv("later", 'c', all())), List.of(sysctl), Fx.specWith(live, grant), movedOn);
    assertThat(deleted.spec().osVersionRef()).as("a deleted owner is let go").isEqualTo("later");
    assertThat(deleted.spec().osImage()).isEqualTo(image('c'));
  }

  /**
   * Found by the chaos runner (docs/chaos.md): under Eager staging a node whose stage kept failing
   * failed its revision and kept its Stage grant for ever.
   */
  @Test
  void aStageGrantEndsWithItsRevisionFailedOrReachedAndWhenTheRevisionMovedOn() {
    OsVersionInput a = osv("a", 'a', all());
    NodeStateSpec prev = first(a);
    Disruption stage = Fx.stage("a", prev.revision());
    RenderedNode kept =
        render(List.of(a), List.of(), Fx.specWith(prev, stage), Fx.status("r0", null, null));
    assertThat(kept.spec().disruption()).as("staging in progress").isEqualTo(stage);
    NodeConfigInput sysctl = Fx.nc("c", 0, all(), "net.core.somaxconn=1024");
    for (NodeStateStatus ended :
        List.of(Fx.status("r0", prev.revision(), null), Fx.status(prev.revision(), null, null))) {
      RenderedNode inert = render(List.of(a), List.of(), Fx.specWith(prev, stage), ended);
      assertThat(inert.spec().disruption())
          .as("ended, inert, no write of its own")
          .isEqualTo(stage);
      assertThat(inert.revokedGrant()).isNull();
      RenderedNode n = render(List.of(a), List.of(sysctl), Fx.specWith(prev, stage), ended);
      assertThat(n.spec().disruption().allowed()).isEqualTo(Disruption.Allowed.None);
      assertThat(n.revokedGrant().foreign()).isFalse();
      assertThat(n.revokedGrant().reason()).contains("grant ended");
    }
    // the target moves on: the render that writes the new revision keeps the grant (judged against
    // the spec it read), the next one finds it bound to a revision the spec has left
    NodeStateSpec moved =
        render(
                List.of(osv("a", 'b', all())),
                List.of(),
                Fx.specWith(prev, stage),
                Fx.status("r0", null, null))
            .spec();
    assertThat(moved.revision()).isNotEqualTo(prev.revision());
    assertThat(moved.disruption()).isEqualTo(stage);
    RenderedNode next =
        render(List.of(osv("a", 'b', all())), List.of(), moved, Fx.status("r0", null, null));
    assertThat(next.spec().disruption().allowed()).isEqualTo(Disruption.Allowed.None);
    assertThat(next.revokedGrant().reason()).contains("stale");
  }

  @Test
  void anUnclaimedGrantForARevisionTheTargetLeftIsStaleAndCleared() {
    OsVersionInput a = osv("a", 'a', all());
    NodeStateSpec prev = first(a);
    Disruption grant = Fx.grant("a", "0000000000000000");
    RenderedNode n =
        render(List.of(osv("a", 'b', all())), List.of(), Fx.specWith(prev, grant), null);
    assertThat(n.ownerRetained()).isFalse();
    assertThat(n.spec().osImage()).isEqualTo(image('b'));
    assertThat(n.spec().disruption().allowed()).isEqualTo(Disruption.Allowed.None);
  }

  /**
   * Chaos seed 916: a power loss rebooted the node before it claimed its grant, and the OSVersion
   * was deleted. The daemon ignores a ticket of another boot; kept, the grant pinned the node to
   * the deleted OSVersion for ever. Unclaimed on the same boot, it is still in flight.
   */
  @Test
  void anUnclaimedGrantOfABootTheNodeLeftIsVoidAndLetsTheTargetGo() {
    OsVersionInput a = osv("a", 'a', all());
    NodeStateSpec prev = first(a);
    Disruption grant = Fx.grant("a", prev.revision());
    NodeStateSpec granted = Fx.specWith(prev, grant);

    RenderedNode sameBoot =
        render(List.of(), List.of(), granted, Fx.statusOnBoot("boot-1", null, null, null));
    assertThat(sameBoot.ownerRetained()).as("unclaimed on its boot: in flight").isTrue();
    assertThat(sameBoot.spec().disruption()).isEqualTo(grant);

    RenderedNode rebooted =
        render(List.of(), List.of(), granted, Fx.statusOnBoot("boot-2", null, null, null));
    assertThat(rebooted.ownerRetained()).isFalse();
    assertThat(rebooted.spec().osVersionRef()).as("the deleted owner is let go").isNull();
    assertThat(rebooted.spec().disruption().allowed()).isEqualTo(Disruption.Allowed.None);
    assertThat(rebooted.revokedGrant().foreign()).isFalse();
    assertThat(rebooted.revokedGrant().reason()).contains("rebooted since (boot boot-2)");

    RenderedNode claimed =
        render(
            List.of(), List.of(), granted, Fx.statusOnBoot("boot-2", null, null, grant.ticket()));
    assertThat(claimed.ownerRetained()).as("claimed, then rebooted: verifying").isTrue();
    assertThat(claimed.spec().disruption()).isEqualTo(grant);
  }

  @Test
  void anAcceptedGrantInFlightIsKeptAndKeepsItsTarget() {
    OsVersionInput a = osv("a", 'a', all());
    NodeStateSpec prev = first(a);
    Disruption grant = Fx.grant("a", prev.revision());
    RenderedNode n =
        render(
            List.of(osv("a", 'b', all())),
            List.of(),
            Fx.specWith(prev, grant),
            Fx.status(null, null, grant.ticket()));
    assertThat(n.ownerRetained()).isTrue();
    assertThat(n.spec().osImage()).isEqualTo(image('a'));
    assertThat(n.spec().disruption()).isEqualTo(grant);
  }

  @Test
  void aHandWrittenRebootGrantIsRevertedAndPinsNothing() {
    OsVersionInput a = osv("a", 'a', all());
    NodeStateSpec prev = first(a);
    Disruption forged =
        new Disruption(Disruption.Allowed.Reboot, "made-up", "boot-1", prev.revision());
    RenderedNode n =
        render(
            List.of(osv("a", 'b', all())),
            List.of(),
            Fx.specWith(prev, forged),
            Fx.status(null, null, null));
    assertThat(n.spec().disruption().allowed()).isEqualTo(Disruption.Allowed.None);
    assertThat(n.ownerRetained()).isFalse();
    assertThat(n.spec().osImage()).isEqualTo(image('b'));
    assertThat(n.revokedGrant()).isNotNull();
    assertThat(n.revokedGrant().foreign()).isTrue();
  }

  @Test
  void aGrantForAnotherNodeOrOsVersionIsForeignToo() {
    OsVersionInput a = osv("a", 'a', all());
    NodeStateSpec prev = first(a);
    String rev = prev.revision();
    for (Disruption d :
        List.of(
            Fx.grant("other-osv", rev),
            new Disruption(
                Disruption.Allowed.Reboot,
                org.openeuler.nestos.api.Tickets.of(
                    "a", Disruption.Allowed.Reboot, "uid-other", "boot-1", rev),
                "boot-1",
                rev),
            new Disruption(Disruption.Allowed.Stage, "s-made-up", "boot-1", rev))) {
      RenderedNode n = render(List.of(a), List.of(), Fx.specWith(prev, d), null);
      assertThat(n.spec().disruption().allowed())
          .as(d.toString())
          .isEqualTo(Disruption.Allowed.None);
    }
    Disruption stage = Fx.stage("a", rev);
    assertThat(render(List.of(a), List.of(), Fx.specWith(prev, stage), null).spec().disruption())
        .isEqualTo(stage);
  }

  @Test
  void revisionNamesTheOwnerAndTheHealthGate() {
    String byA = first(osv("a", 'a', all())).revision();
    String byB = first(osv("b", 'a', all())).revision();
    assertThat(byA).as("same image, another owner").isNotEqualTo(byB);
    OsVersionInput gate = Fx.osvWithGate("a", 'a', all(), Fx.gate(300));
    assertThat(first(gate).revision()).as("another health gate").isNotEqualTo(byA);
  }
}
