package org.openeuler.nestos.operator.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.core.render.Fx.all;
import static org.openeuler.nestos.operator.core.render.Fx.image;
import static org.openeuler.nestos.operator.core.render.Fx.node;
import static org.openeuler.nestos.operator.core.render.Fx.osv;
import static org.openeuler.nestos.operator.core.render.Fx.sel;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.ImagePolicy;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;

class OsVersionOwnershipTest {

  @Test
  void singleOsVersionOwnsItsNodes() {
    RenderResult r =
        Fx.render(
            List.of(node("n1", "pool=a"), node("n2", "pool=b")),
            List.of(osv("pool-a", 'a', sel("pool=a"))),
            List.of(),
            List.of());
    NodeStateSpec s = r.nodes().get("n1").spec();
    assertThat(s.osImage()).isEqualTo(image('a'));
    assertThat(s.osVersionRef()).isEqualTo("pool-a");
    assertThat(s.healthGate().deadlineSeconds()).isEqualTo(600);
    assertThat(s.nodeUID()).isEqualTo("uid-n1");
    assertThat(r.nodes().get("n1").imagePolicy().verification())
        .isEqualTo(ImagePolicy.Verification.Unverified);
    assertThat(r.osVersions().get("pool-a").targetNodes()).containsExactly("n1");
    assertThat(r.osVersions().get("pool-a").overlapping()).isFalse();
  }

  @Test
  void nodeSelectedByNothingGetsAnEmptySpec() {
    RenderResult r =
        Fx.render(
            List.of(node("n1", "pool=b")),
            List.of(osv("pool-a", 'a', sel("pool=a"))),
            List.of(Fx.nc("c", 0, sel("pool=a"), "net.core.somaxconn=1024")),
            List.of());
    NodeStateSpec s = r.nodes().get("n1").spec();
    assertThat(s.nodeName()).isEqualTo("n1");
    assertThat(s.osImage()).isNull();
    assertThat(s.osVersionRef()).isNull();
    assertThat(s.healthGate()).isNull();
    assertThat(s.kernelArguments()).isEmpty();
    assertThat(s.sysctls()).isEmpty();
    assertThat(s.rubikProfile()).isNull();
    assertThat(s.revision()).isEqualTo(Revision.of(null, List.of(), List.of(), null));
  }

  @Test
  void overlapMovesNoneAndBothReport() {
    RenderResult r =
        Fx.render(
            List.of(node("n1", "pool=a", "zone=z"), node("n2", "pool=a"), node("n3", "zone=z")),
            List.of(
                osv("by-pool", 'a', sel("pool=a")),
                osv("by-zone", 'b', sel("zone=z")),
                osv("other", 'c', sel("pool=none"))),
            List.of(),
            List.of());
    assertThat(r.nodes().get("n1").spec().osImage()).isNull();
    assertThat(r.nodes().get("n1").spec().osVersionRef()).isNull();
    assertThat(r.nodes().get("n2").spec().osVersionRef()).isEqualTo("by-pool");
    assertThat(r.nodes().get("n3").spec().osVersionRef()).isEqualTo("by-zone");
    assertThat(r.osVersions().get("by-pool").overlapNodes()).containsExactly("n1");
    assertThat(r.osVersions().get("by-pool").overlapsWith()).containsExactly("by-zone");
    assertThat(r.osVersions().get("by-zone").overlapsWith()).containsExactly("by-pool");
    assertThat(r.osVersions().get("by-pool").targetNodes()).containsExactly("n2");
    assertThat(r.osVersions().get("other").overlapping()).isFalse();
  }

  /**
   * The node moved from OSVersion old to new while a Reboot grant for the old revision was
   * outstanding.
   */
  @ParameterizedTest(name = "ticket={0} accepted={1} current={2} failed={3} -> retained={4}")
  @CsvSource(
      nullValues = "-",
      value = {
        "t1, t1, -,   -,   true", // accepted, not finished
        "t1, -,  -,   -,   true", // granted, not yet accepted
        "t1, t1, REV, -,   false", // reached the granted revision: ended
        "t1, t1, -,   REV, false", // failed the granted revision: ended
        "-,  -,  -,   -,   false"
      }) // no grant
  void inFlightNodeKeepsItsOwner(
      String ticket, String accepted, String current, String failed, boolean retained) {
    List<NodeInfo> nodes = List.of(node("n1", "pool=a"));
    RenderResult before = Fx.render(nodes, List.of(osv("old", 'a', all())), List.of(), List.of());
    NodeStateSpec prev = before.nodes().get("n1").spec();
    String rev = prev.revision();
    Disruption d =
        ticket == null
            ? new Disruption(Disruption.Allowed.None, null, null, null)
            : Fx.grant("old", rev);
    accepted = accepted == null ? null : d.ticket();
    CurrentNodeState cur =
        new CurrentNodeState(
            Fx.specWith(prev, d),
            Fx.status(
                "REV".equals(current) ? rev : current,
                "REV".equals(failed) ? rev : failed,
                accepted));

    RenderResult after =
        NodeStateRenderer.render(
            new RenderInput(
                nodes, List.of(osv("new", 'b', all())), List.of(), List.of(), Map.of("n1", cur)));
    RenderedNode n = after.nodes().get("n1");
    assertThat(n.ownerRetained()).isEqualTo(retained);
    assertThat(n.spec().osImage()).isEqualTo(retained ? image('a') : image('b'));
    assertThat(n.spec().osVersionRef()).isEqualTo(retained ? "old" : "new");
    boolean ended = current != null || failed != null;
    assertThat(n.spec().disruption())
        .as("a grant ends with its update")
        .isEqualTo(ended ? new Disruption(Disruption.Allowed.None, null, null, null) : d);
    assertThat(after.osVersions().get("new").targetNodes()).hasSize(retained ? 0 : 1);
  }

  @Test
  void inFlightNodeKeepsItsOwnerThroughAnOverlapAndKeepsThePolicyOfAStillExistingOwner() {
    List<NodeInfo> nodes = List.of(node("n1", "pool=a"));
    NodeStateSpec prev =
        Fx.render(nodes, List.of(osv("old", 'a', all())), List.of(), List.of())
            .nodes()
            .get("n1")
            .spec();
    CurrentNodeState cur =
        new CurrentNodeState(
            Fx.specWith(prev, Fx.grant("old", prev.revision())),
            Fx.status(null, null, Fx.grant("old", prev.revision()).ticket()));
    RenderResult after =
        NodeStateRenderer.render(
            new RenderInput(
                nodes,
                List.of(
                    osv("old", 'c', sel("pool=none")), osv("x", 'b', all()), osv("y", 'd', all())),
                List.of(),
                List.of(),
                Map.of("n1", cur)));
    assertThat(after.nodes().get("n1").spec().osImage()).isEqualTo(image('a'));
    assertThat(after.nodes().get("n1").imagePolicy()).isNotNull();
    assertThat(after.osVersions().get("old").targetNodes()).containsExactly("n1");
    assertThat(after.osVersions().get("x").overlapNodes()).containsExactly("n1");
  }

  @Test
  void disruptionIsCarriedOverAndNotPartOfTheRevision() {
    List<NodeInfo> nodes = List.of(node("n1"));
    NodeStateSpec prev =
        Fx.render(nodes, List.of(osv("o", 'a', all())), List.of(), List.of())
            .nodes()
            .get("n1")
            .spec();
    Disruption stage = Fx.stage("o", prev.revision());
    RenderResult after =
        NodeStateRenderer.render(
            new RenderInput(
                nodes,
                List.of(osv("o", 'a', all())),
                List.of(),
                List.of(),
                Map.of("n1", new CurrentNodeState(Fx.specWith(prev, stage), null))));
    assertThat(after.nodes().get("n1").spec().disruption()).isEqualTo(stage);
    assertThat(after.nodes().get("n1").spec().revision()).isEqualTo(prev.revision());
  }

  @Test
  void inFlightNodeWhoseOwnerWasDeletedKeepsItsImageWithoutAPolicy() {
    List<NodeInfo> nodes = List.of(node("n1"));
    NodeStateSpec prev =
        Fx.render(nodes, List.of(osv("gone", 'a', all())), List.of(), List.of())
            .nodes()
            .get("n1")
            .spec();
    CurrentNodeState cur =
        new CurrentNodeState(Fx.specWith(prev, Fx.grant("gone", prev.revision())), null);
    RenderedNode n =
        NodeStateRenderer.render(
                new RenderInput(nodes, List.of(), List.of(), List.of(), Map.of("n1", cur)))
            .nodes()
            .get("n1");
    assertThat(n.ownerRetained()).isTrue();
    assertThat(n.spec().osImage()).isEqualTo(image('a'));
    assertThat(n.spec().osVersionRef()).isEqualTo("gone");
    assertThat(n.imagePolicy()).isNull();
    assertThat(n.spec().revision()).isEqualTo(prev.revision());
  }
}
