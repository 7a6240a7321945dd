package org.openeuler.nestos.daemon.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
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
import org.openeuler.nestos.daemon.core.update.Specs;

/** Pod created on the API server (offline annotation) -> its cgroup written; NodeState deleted -> restored. */
class RubikCgroupMockTest {

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
  void offlinePodCgroupWrittenOnPodEventAndRestoredWithTheNodeState() throws Exception {
    try (DaemonFixture f = new DaemonFixture(server, tmp)) {
      f.start(null);
      f.create(f.spec(null, Specs.none(), FailureAction.RollbackNode, List.of(),
          new RubikProfile("p", RubikPolicySpec.Mode.Native, null,
              new RubikFeatures(true, false, false, false, false, false))));
      String dir = DaemonFixture.CG + "/cpu/kubepods/besteffort/podh1";
      f.file(dir + "/cpu.idle", "0\n");
      f.operator.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("batch")
          .withAnnotations(Map.of("volcano.sh/preemptable", "true", "kubernetes.io/config.hash", "h1"))
          .endMetadata().withNewSpec().withNodeName(f.node).addNewContainer().withName("c").withImage("busybox")
          .endContainer().endSpec().build()).create();
      await().atMost(Duration.ofSeconds(10)).until(() -> f.fs.read(dir + "/cpu.idle").orElse("").strip().equals("1"));
      await().atMost(Duration.ofSeconds(10)).until(() -> f.get().getStatus() != null
          && f.get().getStatus().rubik() != null && Integer.valueOf(1).equals(f.get().getStatus().rubik().offlinePods()));
      f.operator.resources(NodeState.class).withName(f.node).delete();
      await().atMost(Duration.ofSeconds(10)).until(() -> f.fs.read(dir + "/cpu.idle").orElse("").strip().equals("0"));
      assertThat(f.os.reboots()).isZero();
    }
  }

  @Test
  void firstWriteOfANewPodIsNotDriftButAChangedFileIs() throws Exception {
    try (DaemonFixture f = new DaemonFixture(server, tmp)) {
      f.driftInterval = Duration.ofMillis(100);
      f.start(null);
      f.create(f.spec(null, Specs.none(), FailureAction.RollbackNode, List.of(),
          new RubikProfile("p", RubikPolicySpec.Mode.Native, null,
              new RubikFeatures(true, false, false, false, false, false))));
      String idle = DaemonFixture.CG + "/cpu/kubepods/besteffort/podh2/cpu.idle";
      f.file(idle, "0\n");
      f.operator.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("batch2")
          .withAnnotations(Map.of("volcano.sh/preemptable", "true", "kubernetes.io/config.hash", "h2"))
          .endMetadata().withNewSpec().withNodeName(f.node).addNewContainer().withName("c").withImage("busybox")
          .endContainer().endSpec().build()).create();
      await().atMost(Duration.ofSeconds(10)).until(() -> f.fs.read(idle).orElse("").strip().equals("1"));
      f.agent.drain();
      assertThat(driftCorrections(f)).as("the pod's first write").isZero();

      f.fs.write(idle, "0\n"); // someone else resets it; the next drift check puts it back
      await().atMost(Duration.ofSeconds(10)).until(() -> f.fs.read(idle).orElse("").strip().equals("1"));
      f.agent.drain();
      assertThat(driftCorrections(f)).isEqualTo(1.0);
    }
  }

  private static double driftCorrections(DaemonFixture f) {
    return f.metrics.scrape().lines().filter(l -> l.startsWith("nestos_daemon_drift_corrections_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }
}
