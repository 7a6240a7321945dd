package org.openeuler.nestos.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.simulator.Cr.await;

import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.OSVersion;

/**
 * OS rollouts through the whole system: the real operator renders NodeStates, drains and grants
 * reboots; the real daemon on each simulated node stages the image from the real registry, reboots,
 * verifies and reports.
 */
class ClusterRolloutE2E {

  static final Duration WAIT = Duration.ofSeconds(60);
  SimulatedCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void sixNodesWithMaxUnavailableTwoAllBootTheNewImageRebootingOnceEach() throws Exception {
    cluster = SimulatedCluster.start(SimulatedCluster.Options.nodes(6));
    String image = cluster.osImage("24.03.1");
    String digest = image.substring(image.indexOf('@') + 1);
    Cr.apply(cluster, Cr.osVersion("workers", image, "maxUnavailable: 2", 30, 1));

    await(
        cluster,
        WAIT,
        "OSVersion Ready",
        () -> "True/RolloutComplete".equals(Cr.condition(cluster, "workers", "Ready")));
    OSVersion osv = Cr.osv(cluster, "workers");
    assertThat(osv.getStatus().updatedNodes()).isEqualTo(6);
    assertThat(osv.getStatus().targetNodes()).isEqualTo(6);
    assertThat(osv.getStatus().version()).isEqualTo("24.03.1");
    for (SimulatedNode n : cluster.nodes()) {
      assertThat(n.booted().imageDigest()).as(n.name() + " booted").isEqualTo(digest);
      assertThat(n.booted().version()).isEqualTo("24.03.1");
      assertThat(n.reboots()).as(n.name() + " reboots").isEqualTo(1);
      assertThat(n.files().read("/proc/cmdline").strip())
          .isEqualTo(String.join(" ", SimulatedCluster.BOOT_KARGS));
    }
    assertThat(cluster.availability().maxUnavailable())
        .as("nodes unavailable at once")
        .isBetween(1, 2);
    await(
        cluster,
        WAIT,
        "all nodes uncordoned and Ready",
        () -> cluster.availability().unavailableNow().isEmpty());
    assertThat(Cr.nodeBootIds(cluster))
        .as("Node bootIDs follow the reboots")
        .containsExactlyInAnyOrderElementsOf(
            cluster.nodes().stream().map(n -> n.os().bootId()).toList());
  }

  @Test
  void healthGateFailureRollsNodesBackTheRolloutHaltsAtMaxFailuresAndTheRetryAnnotationResumes()
      throws Exception {
    cluster = SimulatedCluster.start(SimulatedCluster.Options.nodes(5));
    String image = cluster.osImage("24.03.2-broken");
    String digest = image.substring(image.indexOf('@') + 1);
    String oldDigest = cluster.nodes().get(0).booted().imageDigest();
    // the new image breaks the kubelet on every node: each node that updates fails its health gate
    cluster.nodes().forEach(n -> n.systemd().failWhenBooted("kubelet.service", digest));
    Cr.apply(
        cluster, Cr.osVersion("workers", image, "maxUnavailable: 1\n    maxFailures: 1", 2, 1));

    await(
        cluster,
        WAIT,
        "Stalled at the failure budget",
        () -> "True/FailureBudgetExceeded".equals(Cr.condition(cluster, "workers", "Stalled")));
    // a wrongly continuing rollout is given 1.5 s to touch another node
    Cr.holdsFor(
        Duration.ofMillis(1500),
        "no node updated after the halt",
        () -> cluster.nodes().stream().filter(n -> n.reboots() > 0).count() == 2);
    List<SimulatedNode> touched = cluster.nodes().stream().filter(n -> n.reboots() > 0).toList();
    assertThat(touched).as("nodes updated before the halt: maxFailures + 1").hasSize(2);
    for (SimulatedNode n : touched) {
      assertThat(n.reboots()).as(n.name() + ": update + rollback").isEqualTo(2);
      assertThat(n.booted().imageDigest()).as(n.name() + " rolled back").isEqualTo(oldDigest);
      assertThat(n.systemd().active("kubelet.service")).isTrue();
      assertThat(Cr.nodeState(cluster, n.name()).getStatus().lastFailedRevision()).isNotNull();
    }
    cluster.nodes().stream()
        .filter(n -> n.reboots() == 0)
        .forEach(
            n ->
                assertThat(n.booted().imageDigest())
                    .as(n.name() + " untouched")
                    .isEqualTo(oldDigest));
    OSVersion osv = Cr.osv(cluster, "workers");
    assertThat(osv.getStatus().failedNodes()).isEqualTo(2);
    assertThat(osv.getStatus().updatedNodes()).isZero();
    assertThat(osv.getStatus().failures()).hasSize(2);
    await(
        cluster,
        WAIT,
        "rolled-back nodes uncordoned",
        () -> cluster.availability().unavailableNow().isEmpty());
    assertThat(cluster.availability().maxUnavailable()).isEqualTo(1);

    // the image is fixed in place (the kubelet no longer fails on it) and the admin asks for a
    // retry
    cluster.nodes().forEach(n -> n.systemd().repair("kubelet.service"));
    cluster
        .admin()
        .resources(OSVersion.class)
        .withName("workers")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"nestos.openeuler.org/retry\":\"try-2\"}}}");
    await(
        cluster,
        WAIT,
        "the untouched nodes updated after the retry",
        () -> {
          OSVersion o = Cr.osv(cluster, "workers");
          return o.getStatus().updatedNodes() == 3
              && "try-2".equals(o.getStatus().lastHandledRetry());
        });
    assertThat(Cr.condition(cluster, "workers", "Stalled")).startsWith("False");
    cluster.nodes().stream()
        .filter(n -> !touched.contains(n))
        .forEach(
            n -> {
              assertThat(n.booted().imageDigest()).as(n.name() + " updated").isEqualTo(digest);
              assertThat(n.reboots()).as(n.name() + " reboots").isEqualTo(1);
            });
    await(cluster, WAIT, "all uncordoned", () -> cluster.availability().unavailableNow().isEmpty());
    assertThat(cluster.availability().maxUnavailable()).isEqualTo(1);
  }

  @Test
  void kernelArgumentOnlyNodeConfigChangeRebootsEachNodeOnceWithinTheBudget() throws Exception {
    cluster = SimulatedCluster.start(SimulatedCluster.Options.nodes(3));
    String image = cluster.osImage("24.03.1");
    Cr.apply(cluster, Cr.osVersion("workers", image, "maxUnavailable: 1", 30, 1));
    await(
        cluster,
        WAIT,
        "image rollout done",
        () ->
            "True/RolloutComplete".equals(Cr.condition(cluster, "workers", "Ready"))
                && cluster.availability().unavailableNow().isEmpty());
    cluster.availability().reset();

    Cr.apply(
        cluster,
        """
        apiVersion: nestos.openeuler.org/v1alpha1
        kind: NodeConfig
        metadata:
          name: thp
        spec:
          nodeSelector:
            matchLabels:
              node-role.kubernetes.io/worker: ""
          kernelArguments:
            - transparent_hugepage=madvise
        """);
    await(
        cluster,
        WAIT,
        "kargs booted everywhere",
        () ->
            cluster.nodes().stream()
                .allMatch(
                    n -> n.files().read("/proc/cmdline").contains("transparent_hugepage=madvise")));
    await(
        cluster,
        WAIT,
        "OSVersion Ready again",
        () ->
            "True/RolloutComplete".equals(Cr.condition(cluster, "workers", "Ready"))
                && cluster.availability().unavailableNow().isEmpty());
    for (SimulatedNode n : cluster.nodes()) {
      assertThat(n.reboots()).as(n.name() + ": image + kargs").isEqualTo(2);
      assertThat(n.booted().version()).isEqualTo("24.03.1");
      assertThat(n.booted().kernelArguments())
          .containsAll(SimulatedCluster.BOOT_KARGS)
          .contains("transparent_hugepage=madvise");
    }
    assertThat(cluster.availability().maxUnavailable()).isEqualTo(1);
  }
}
