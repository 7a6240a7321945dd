package org.openeuler.nestos.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.controlplane.RealControlPlane;

/**
 * The node-daemon image run as the chart's DaemonSet pod runs it, against the real control plane:
 * its layers unpacked, its entrypoint (with its {@code jvm.options} and AppCDS archive) started in
 * its own namespaces, chrooted, as root, with the token of a Pod of the {@code nestos-node-daemon}
 * service account bound to node A (the apiserver puts the node's name into the token, as for every
 * DaemonSet pod), the chart's RBAC and admission policy installed by helm. On node A it applies its
 * NodeState's sysctl to the host root mounted at {@code /host} and writes that NodeState's status;
 * the same token started as node B's daemon is refused B's status by the admission policy.
 */
class NodeDaemonImageKubeIT {

  static final String NS = "nestos-image-daemon";
  static final String RELEASE = "nestos-image-daemon";
  static final String NODE_A = "image-daemon-a";
  static final String NODE_B = "image-daemon-b";
  static final ResourceDefinitionContext NODESTATES = ClusterTools.crd("nodestates", "NodeState");

  static RealControlPlane cp;
  static KubernetesClient admin;
  static Path work;
  static String tokenOfNodeA;
  static final List<InClusterRun> runs = new ArrayList<>();

  @BeforeAll
  static void install() throws Exception {
    cp = RealControlPlane.shared();
    admin = cp.admin();
    work = Files.createTempDirectory(Path.of("target"), "daemon-image").toAbsolutePath();
    ClusterTools.helm(cp, NS, "install", RELEASE, ClusterTools.chart());
    for (String node : List.of(NODE_A, NODE_B)) {
      admin
          .nodes()
          .resource(new NodeBuilder().withNewMetadata().withName(node).endMetadata().build())
          .create();
      String uid = admin.nodes().withName(node).get().getMetadata().getUid();
      admin
          .genericKubernetesResources(NODESTATES)
          .resource(
              Serialization.unmarshal(
                  """
                  {"apiVersion":"nestos.openeuler.org/v1alpha1","kind":"NodeState","metadata":{"name":"%s"},
                   "spec":{"nodeName":"%s","nodeUID":"%s","revision":"image-daemon-1",
                           "sysctls":[{"name":"vm.swappiness","value":"10","owners":["NodeConfig/image-daemon"]}]}}"""
                      .formatted(node, node, uid),
                  GenericKubernetesResource.class))
          .create();
    }
    Pod daemonPod =
        admin
            .pods()
            .inNamespace(NS)
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName("nestos-node-daemon-a")
                    .withNamespace(NS)
                    .endMetadata()
                    .withNewSpec()
                    .withNodeName(NODE_A)
                    .withServiceAccountName("nestos-node-daemon")
                    .withAutomountServiceAccountToken(false)
                    .addNewContainer()
                    .withName("daemon")
                    .withImage("registry.invalid/nestos-node-daemon:test")
                    .endContainer()
                    .endSpec()
                    .build())
            .create();
    tokenOfNodeA = cp.podBoundToken(daemonPod);
  }

  @AfterAll
  static void cleanUp() throws Exception {
    for (InClusterRun run : runs) {
      run.close();
    }
    if (admin != null) {
      for (String node : List.of(NODE_A, NODE_B)) {
        admin.genericKubernetesResources(NODESTATES).withName(node).delete();
        admin.nodes().withName(node).delete();
      }
      admin.pods().inNamespace(NS).withName("nestos-node-daemon-a").withGracePeriod(0).delete();
      ClusterTools.helm(cp, NS, "uninstall", RELEASE, "--ignore-not-found");
      admin.namespaces().withName(NS).delete();
    }
  }

  /**
   * The daemon image started as {@code node}'s daemon with node A's token; /host is a temp tree.
   */
  static InClusterRun daemon(String node) throws Exception {
    InClusterRun run =
        InClusterRun.start(
            ImageTarball.of("node-daemon"),
            work.resolve(node),
            cp,
            NS,
            tokenOfNodeA,
            Map.of(
                "NODE_NAME", node,
                "POD_NAMESPACE", NS,
                "NESTOS_HOST_ROOT", "/host",
                "NESTOS_COMMAND_MODE", "none",
                "NESTOS_OS_BACKEND", "none",
                "NESTOS_METRICS_PORT", "0"),
            List.of(),
            rootfs -> {
              // the host's files the chart mounts at /host: its kernel parameters and cgroup tree
              Path host = rootfs.resolve("host");
              Files.createDirectories(host.resolve("proc/sys/vm"));
              Files.writeString(host.resolve("proc/sys/vm/swappiness"), "60\n");
              Files.writeString(host.resolve("proc/cmdline"), "root=/dev/vda4 rw\n");
              Files.createDirectories(host.resolve("proc/sys/kernel/random"));
              Files.writeString(
                  host.resolve("proc/sys/kernel/random/boot_id"),
                  "0e3f5a8c-2b1d-4f6e-9a7c-5d4b3a2f1e0d\n");
              for (String c : List.of("cpu", "memory", "blkio")) {
                Files.createDirectories(host.resolve("sys/fs/cgroup/" + c + "/kubepods"));
              }
            });
    runs.add(run);
    return run;
  }

  static Path swappiness(String node) {
    return work.resolve(node).resolve("rootfs/host/proc/sys/vm/swappiness");
  }

  static Map<String, Object> status(String node) {
    return admin.genericKubernetesResources(NODESTATES).withName(node).get().get("status");
  }

  @Test
  void theDaemonImageAppliesItsNodeStateAndWritesItsStatusWithANodeBoundToken() throws Exception {
    InClusterRun a = daemon(NODE_A);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(a.alive()).as("daemon alive; log:\n%s", a.log()).isTrue();
              assertThat(Files.readString(swappiness(NODE_A)).strip()).isEqualTo("10");
              Map<String, Object> status = status(NODE_A);
              assertThat(status).as("NodeState %s status", NODE_A).isNotNull();
              assertThat(status.get("sysctls"))
                  .as("status.sysctls")
                  .isEqualTo(Map.of("applied", 1));
              assertThat(status.get("agentVersion")).as("status.agentVersion").isNotNull();
            });
    assertThat(a.log()).doesNotContain(" 403 ").doesNotContain("Forbidden");

    // the same token claiming to be node B's daemon: reads pass (RBAC cannot scope them to a
    // node), it applies B's sysctl to the files it was given, but its status write is refused
    InClusterRun b = daemon(NODE_B);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(b.log())
                    .as("node B's daemon log")
                    .contains("ValidatingAdmissionPolicy"));
    assertThat(status(NODE_B)).as("NodeState %s status", NODE_B).isNull();
  }
}
