package org.openeuler.nestos.daemon.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.api.v1alpha1.HealthGate.FailureAction;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.daemon.cgroup.RealCgroupTree;
import org.openeuler.nestos.daemon.core.update.Specs;

/**
 * End to end on this machine's real cgroup v1 tree: a pod created on the API server with the
 * offline annotation -> the whole daemon writes {@code cpu.idle = 1} into the pod's real cgroup
 * (made by mkdir, as the kubelet does, in a test-owned subtree that the host's {@code
 * /sys/fs/cgroup/cpu} points at) -> the NodeState deleted -> the kernel's value is restored.
 */
class RubikRealCgroupIT {

  static TestApiServer server;
  @TempDir Path tmp;

  @BeforeAll
  static void up() {
    server = TestApiServer.start();
  }

  @AfterAll
  static void down() {
    server.close();
  }

  @Test
  void offlinePodGetsItsRealCgroupWrittenAndRestored() throws Exception {
    assumeThat(RealCgroupTree.available())
        .as("a writable cgroup v1 cpu hierarchy with cpu.idle")
        .isTrue();
    try (RealCgroupTree tree = new RealCgroupTree("nestos-daemon-it");
        DaemonFixture f = new DaemonFixture(server, tmp)) {
      Path cpu = f.root.resolve("sys/fs/cgroup/cpu");
      try (var walk = Files.walk(cpu)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      Files.createSymbolicLink(cpu, tree.root);
      String pod = tree.pod("r1", "ctr1");
      assertThat(RealCgroupTree.get(pod + "/cpu.idle")).as("the kernel's default").isEqualTo("0");

      f.start(null);
      f.create(
          f.spec(
              null,
              Specs.none(),
              FailureAction.RollbackNode,
              List.of(),
              new RubikProfile(
                  "p",
                  RubikPolicySpec.Mode.Native,
                  null,
                  new RubikFeatures(true, false, false, false, false, false))));
      f.operator
          .pods()
          .inNamespace("default")
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName("batch")
                  .withAnnotations(
                      Map.of("volcano.sh/preemptable", "true", "kubernetes.io/config.hash", "r1"))
                  .endMetadata()
                  .withNewSpec()
                  .withNodeName(f.node)
                  .addNewContainer()
                  .withName("c")
                  .withImage("busybox")
                  .endContainer()
                  .endSpec()
                  .build())
          .create();

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> RealCgroupTree.get(pod + "/cpu.idle").equals("1"));
      assertThat(RealCgroupTree.get(tree.root + "/kubepods/besteffort/cpu.idle"))
          .as("only the pod's cgroup is marked offline")
          .isEqualTo("0");

      f.operator.resources(NodeState.class).withName(f.node).delete();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> RealCgroupTree.get(pod + "/cpu.idle").equals("0"));
      assertThat(f.fake.reboots()).isZero();
    }
  }
}
