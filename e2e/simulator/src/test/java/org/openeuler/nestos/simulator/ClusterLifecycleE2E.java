package org.openeuler.nestos.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.simulator.Cr.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.NodeState;

/**
 * What the control plane itself does around a rollout, on whichever backend runs the simulator:
 * evictions refused by a PodDisruptionBudget (on the real control plane: the Eviction API and the
 * disruption controller's budget), the garbage collector removing a deleted Node's NodeState, and
 * Lease leader election between two operator instances.
 */
class ClusterLifecycleE2E {

  static final Duration WAIT = Duration.ofSeconds(60);
  SimulatedCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aPdbHoldsTheDrainOfItsNodeThroughEvictionsUntilTheBudgetAllowsIt() throws Exception {
    cluster = SimulatedCluster.start(SimulatedCluster.Options.nodes(3));
    // two replicas of "web" on node-1 (a Deployment owns them: the stand-in has no ReplicaSets),
    // at most one of them may be disrupted
    Deployment web =
        cluster
            .admin()
            .apps()
            .deployments()
            .inNamespace("apps")
            .resource(
                Serialization.unmarshal(
                    """
                    {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"apps"},
                     "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
                      "template":{"metadata":{"labels":{"app":"web"}},
                       "spec":{"containers":[{"name":"web","image":"registry.example/web:1"}]}}}}""",
                    Deployment.class))
            .create();
    for (String pod : List.of("web-1", "web-2")) {
      cluster
          .admin()
          .pods()
          .inNamespace("apps")
          .resource(
              Serialization.unmarshal(
                  """
                  {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"apps","labels":{"app":"web"},
                   "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"%s",
                    "controller":true}]},
                   "spec":{"nodeName":"node-1","containers":[{"name":"web","image":"registry.example/web:1"}]}}"""
                      .formatted(pod, web.getMetadata().getUid()),
                  Pod.class))
          .create();
    }
    cluster
        .admin()
        .resource(
            Serialization.unmarshal(
                """
                {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"web","namespace":"apps"},
                 "spec":{"minAvailable":1,"selector":{"matchLabels":{"app":"web"}}}}""",
                PodDisruptionBudget.class))
        .create();
    await(cluster, WAIT, "web pods Ready (the simulated kubelet)", () -> webPods().size() == 2);
    await(cluster, WAIT, "the budget allows one disruption", this::budgetAllowsOne);

    String image = cluster.osImage("24.03.1");
    String digest = image.substring(image.indexOf('@') + 1);
    Cr.apply(cluster, Cr.osVersion("workers", image, "maxUnavailable: 1", 30, 1));

    SimulatedNode held = cluster.node("node-1");
    await(
        cluster,
        WAIT,
        "node-1 cordoned with one web pod evicted and the other refused",
        () -> cluster.availability().unavailableNow().contains("node-1") && webPods().size() == 1);
    // a drain that ignores the budget is given 2 s to evict the second pod
    Cr.holdsFor(Duration.ofSeconds(2), "the budget keeps one web pod", () -> webPods().size() == 1);
    assertThat(held.reboots()).as("node-1 not granted while its drain is refused").isZero();
    assertThat(cluster.availability().maxCordoned()).isEqualTo(1);

    // the application owner relaxes the budget: the drainer's next eviction attempt passes
    cluster
        .admin()
        .resources(PodDisruptionBudget.class)
        .inNamespace("apps")
        .withName("web")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"minAvailable\":0}}");
    await(
        cluster,
        WAIT,
        "OSVersion Ready",
        () ->
            "True/RolloutComplete".equals(Cr.condition(cluster, "workers", "Ready"))
                && cluster.availability().unavailableNow().isEmpty());
    assertThat(cluster.admin().pods().inNamespace("apps").list().getItems()).isEmpty();
    for (SimulatedNode n : cluster.nodes()) {
      assertThat(n.booted().imageDigest()).as(n.name()).isEqualTo(digest);
      assertThat(n.reboots()).as(n.name() + " reboots").isEqualTo(1);
    }
    assertThat(cluster.availability().maxCordoned()).isEqualTo(1);
  }

  /** Ready web pods not being deleted. */
  List<Pod> webPods() {
    return cluster
        .admin()
        .pods()
        .inNamespace("apps")
        .withLabel("app", "web")
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(PodLifecycle::ready)
        .toList();
  }

  /**
   * The real disruption controller publishes the budget in the PDB's status (evictions are refused
   * until it has); the stand-in computes it at each eviction and keeps no status.
   */
  boolean budgetAllowsOne() {
    if (cluster.backend().kind() == ClusterBackend.Kind.STANDIN) {
      return true;
    }
    PodDisruptionBudget pdb =
        cluster
            .admin()
            .resources(PodDisruptionBudget.class)
            .inNamespace("apps")
            .withName("web")
            .get();
    return pdb.getStatus() != null
        && pdb.getMetadata().getGeneration().equals(pdb.getStatus().getObservedGeneration())
        && Integer.valueOf(1).equals(pdb.getStatus().getDisruptionsAllowed());
  }

  @Test
  void aDeletedNodesNodeStateIsGarbageCollectedAndNotRenderedAgain() throws Exception {
    cluster = SimulatedCluster.start(SimulatedCluster.Options.nodes(2));
    await(
        cluster,
        WAIT,
        "NodeStates rendered and reported",
        () ->
            cluster.nodes().stream()
                .allMatch(
                    n -> {
                      NodeState ns = Cr.nodeState(cluster, n.name());
                      return ns != null && ns.getStatus() != null;
                    }));
    String uid = cluster.admin().nodes().withName("node-2").get().getMetadata().getUid();
    assertThat(Cr.nodeState(cluster, "node-2").getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("Node");
              assertThat(o.getUid()).isEqualTo(uid);
            });

    cluster.removeNode("node-2");
    await(
        cluster,
        WAIT,
        "node-2's NodeState collected with its Node",
        () -> Cr.nodeState(cluster, "node-2") == null);
    // a renderer that recreates it is given 1.5 s
    Cr.holdsFor(
        Duration.ofMillis(1500),
        "node-2's NodeState stays collected",
        () -> Cr.nodeState(cluster, "node-2") == null);
    assertThat(Cr.nodeState(cluster, "node-1")).isNotNull();
  }

  @Test
  void twoOperatorInstancesShareOneLeaseAndTheStandbyFinishesTheRolloutAfterTheLeaderStops()
      throws Exception {
    cluster = SimulatedCluster.start(SimulatedCluster.Options.nodes(4).withLeaderElection(true));
    await(
        cluster,
        WAIT,
        "the first instance leads",
        () -> SimulatedCluster.IDENTITY.equals(leaseHolder()));
    cluster.startOperator("nestos-operator-standby");
    String image = cluster.osImage("24.03.1");
    String digest = image.substring(image.indexOf('@') + 1);
    Cr.apply(cluster, Cr.osVersion("workers", image, "maxUnavailable: 1", 30, 1));

    await(
        cluster,
        WAIT,
        "a first node updated",
        () -> cluster.nodes().stream().anyMatch(n -> n.reboots() == 1));
    assertThat(leaseHolder()).isEqualTo(SimulatedCluster.IDENTITY);
    cluster.stopOperator(
        SimulatedCluster.IDENTITY); // SIGTERM: the Lease is released on the way out
    await(
        cluster, WAIT, "the standby leads", () -> "nestos-operator-standby".equals(leaseHolder()));

    await(
        cluster,
        WAIT,
        "OSVersion Ready under the new leader",
        () ->
            "True/RolloutComplete".equals(Cr.condition(cluster, "workers", "Ready"))
                && cluster.availability().unavailableNow().isEmpty());
    for (SimulatedNode n : cluster.nodes()) {
      assertThat(n.booted().imageDigest()).as(n.name()).isEqualTo(digest);
      assertThat(n.reboots()).as(n.name() + " reboots").isEqualTo(1);
    }
    assertThat(cluster.availability().maxCordoned()).isEqualTo(1);
  }

  String leaseHolder() {
    Lease lease = cluster.admin().leases().inNamespace("default").withName("nestos-operator").get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }
}
