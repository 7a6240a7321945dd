package org.openeuler.nestos.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.simulator.Cr.await;

import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.OSVersion;

/**
 * Issue 11 items 2-4 through the whole system (real operator, real daemons on simulated nodes):
 * grants end with their update, A -> B -> A -> B updates every time, and a hand-written grant is
 * reverted, reported and never reboots a node.
 */
class GrantLifecycleE2E {

  static final Duration WAIT = Duration.ofSeconds(90);
  SimulatedCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private void setImage(String osv, String image, boolean paused) {
    cluster
        .admin()
        .resources(OSVersion.class)
        .withName(osv)
        .edit(
            o -> {
              OSVersion c = Cr.osv(cluster, osv);
              String yaml =
                  Cr.osVersion(osv, image, "maxUnavailable: 1\n    paused: " + paused, 30, 1);
              c.setSpec(
                  io.fabric8.kubernetes.client.utils.Serialization.unmarshal(yaml, OSVersion.class)
                      .getSpec());
              return c;
            });
  }

  private void awaitComplete(String osv, String digest) throws InterruptedException {
    await(
        WAIT,
        osv + " complete on " + digest,
        () ->
            "True/RolloutComplete".equals(Cr.condition(cluster, osv, "Ready"))
                && cluster.nodes().stream().allMatch(n -> digest.equals(n.booted().imageDigest()))
                && cluster.availability().unavailableNow().isEmpty());
  }

  private static String digest(String image) {
    return image.substring(image.indexOf('@') + 1);
  }

  /**
   * Every grant is cleared or ended: bound to the revision the node reached or failed (inert; the
   * next render that writes the NodeState clears it, docs/decisions.md §13).
   */
  private boolean grantsEnded() {
    return cluster.nodes().stream()
        .map(n -> Cr.nodeState(cluster, n.name()))
        .allMatch(
            ns -> {
              Disruption d = ns.getSpec().disruption();
              return d == null
                  || d.allowed() == Disruption.Allowed.None
                  || ns.getStatus() != null
                      && (java.util.Objects.equals(d.revision(), ns.getStatus().currentRevision())
                          || java.util.Objects.equals(
                              d.revision(), ns.getStatus().lastFailedRevision()));
            });
  }

  @Test
  void aToBToAToBEveryMoveUpdatesWithOneRebootAndNoNodeIsLeftCordoned() throws Exception {
    cluster = SimulatedCluster.start(SimulatedCluster.Options.nodes(2));
    String a = cluster.osImage("24.03.1");
    String b = cluster.osImage("24.03.2");
    Cr.apply(cluster, Cr.osVersion("workers", a, "maxUnavailable: 1", 30, 1));
    awaitComplete("workers", digest(a));
    int moves = 1;
    for (String image : List.of(b, a, b)) {
      setImage("workers", image, false);
      moves++;
      awaitComplete("workers", digest(image));
      for (SimulatedNode n : cluster.nodes()) {
        assertThat(n.reboots()).as(n.name() + " reboots after move " + moves).isEqualTo(moves);
      }
    }
    OSVersion osv = Cr.osv(cluster, "workers");
    assertThat(osv.getStatus().failedNodes()).isZero();
    assertThat(osv.getStatus().updatedNodes()).isEqualTo(2);
    for (SimulatedNode n : cluster.nodes()) {
      NodeState ns = Cr.nodeState(cluster, n.name());
      assertThat(ns.getStatus().lastFailedRevision()).as(n.name()).isNull();
      assertThat(cluster.admin().nodes().withName(n.name()).get().getSpec().getUnschedulable())
          .as(n.name() + " uncordoned")
          .isNotEqualTo(Boolean.TRUE);
    }
    await(WAIT, "every grant ended with its update", this::grantsEnded);
  }

  @Test
  void grantsEndWithTheRolloutSoALaterOsVersionOwnsAndMovesTheNodes() throws Exception {
    cluster = SimulatedCluster.start(SimulatedCluster.Options.nodes(2));
    String a = cluster.osImage("24.03.1");
    String b = cluster.osImage("24.03.2");
    Cr.apply(cluster, Cr.osVersion("workers", a, "maxUnavailable: 1", 30, 1));
    awaitComplete("workers", digest(a));
    await(WAIT, "grants ended with the rollout", this::grantsEnded);

    // a live-only change moves every node's currentRevision on
    Cr.apply(
        cluster,
        """
        apiVersion: nestos.openeuler.org/v1alpha1
        kind: NodeConfig
        metadata:
          name: backlog
        spec:
          nodeSelector:
            matchLabels:
              node-role.kubernetes.io/worker: ""
          sysctls:
            - name: net.core.somaxconn
              value: "2048"
        """);
    await(
        WAIT,
        "live-only revision applied",
        () ->
            cluster.nodes().stream()
                .allMatch(
                    n -> {
                      NodeState ns = Cr.nodeState(cluster, n.name());
                      return ns.getSpec().revision().equals(ns.getStatus().currentRevision())
                          && ns.getSpec().sysctls() != null
                          && !ns.getSpec().sysctls().isEmpty();
                    }));

    // the OSVersion is replaced by another one selecting the same nodes
    cluster.admin().resources(OSVersion.class).withName("workers").delete();
    await(WAIT, "workers gone", () -> Cr.osv(cluster, "workers") == null);
    Cr.apply(cluster, Cr.osVersion("later", b, "maxUnavailable: 1", 30, 1));
    awaitComplete("later", digest(b));
    for (SimulatedNode n : cluster.nodes()) {
      NodeStateSpec spec = Cr.nodeState(cluster, n.name()).getSpec();
      assertThat(spec.osVersionRef()).as(n.name() + " owner").isEqualTo("later");
      assertThat(n.reboots()).as(n.name()).isEqualTo(2);
    }
    assertThat(Cr.osv(cluster, "later").getStatus().targetNodes()).isEqualTo(2);
  }

  @Test
  void aHandWrittenGrantIsRevertedReportedAndNeverRebootsTheNode() throws Exception {
    cluster = SimulatedCluster.start(SimulatedCluster.Options.nodes(2));
    String a = cluster.osImage("24.03.1");
    String b = cluster.osImage("24.03.2");
    Cr.apply(cluster, Cr.osVersion("workers", a, "maxUnavailable: 1", 30, 1));
    awaitComplete("workers", digest(a));
    // a new image, paused: nothing may move
    setImage("workers", b, true);
    SimulatedNode victim = cluster.nodes().get(0);
    await(
        WAIT,
        "the paused target is rendered",
        () -> {
          NodeState ns = Cr.nodeState(cluster, victim.name());
          return b.equals(ns.getSpec().osImage())
              && "True/Paused".equals(Cr.condition(cluster, "workers", "Reconciling"));
        });
    int reboots = victim.reboots();

    NodeState ns = Cr.nodeState(cluster, victim.name());
    String boot = ns.getStatus().bootID();
    String revision = ns.getSpec().revision();
    cluster
        .admin()
        .resources(NodeState.class)
        .withName(victim.name())
        .edit(
            x -> {
              NodeStateSpec s = x.getSpec();
              x.setSpec(
                  new NodeStateSpec(
                      s.nodeName(),
                      s.nodeUID(),
                      s.revision(),
                      s.osImage(),
                      s.osVersionRef(),
                      s.imagePolicy(),
                      s.kernelArguments(),
                      s.sysctls(),
                      s.rubikProfile(),
                      s.healthGate(),
                      new Disruption(Disruption.Allowed.Reboot, "made-up", boot, revision)));
              return x;
            });

    await(
        WAIT,
        "the forged grant is reverted",
        () -> {
          Disruption d = Cr.nodeState(cluster, victim.name()).getSpec().disruption();
          return d == null || d.allowed() == Disruption.Allowed.None;
        });
    await(
        WAIT,
        "a ForeignGrantReverted event on the Node",
        () ->
            cluster.admin().v1().events().inNamespace("default").list().getItems().stream()
                .map(Event::getReason)
                .anyMatch("ForeignGrantReverted"::equals));
    // a wrongly obeying daemon is given 2 s to reboot
    Cr.holdsFor(
        Duration.ofSeconds(2),
        "no reboot from the forged grant",
        () -> victim.reboots() == reboots);
    assertThat(victim.booted().imageDigest()).isEqualTo(digest(a));
    assertThat(Cr.nodeState(cluster, victim.name()).getStatus().acceptedTicket())
        .isNotEqualTo("made-up");
  }
}
