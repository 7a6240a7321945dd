package org.openeuler.nestos.daemon.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.api.Annotations;
import org.openeuler.nestos.api.v1alpha1.HealthGate.FailureAction;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.daemon.cgroup.CheckpointStore;
import org.openeuler.nestos.daemon.core.cgroup.CgroupOriginals.Original;
import org.openeuler.nestos.daemon.core.update.Specs;

/**
 * The restart harness (issue 11, items 8 and 9): a node with existing offline pods, the daemon
 * restarted {@value #RESTARTS} times against the stand-in API server. While it is down, some pods'
 * cgroup files are reset (a kubelet restart, someone else); every start must re-apply them promptly
 * (the bound is well below the production drift interval of 60 s, which would otherwise repair
 * them) and the record of originals must come out of every start unchanged. Afterwards a pod moved
 * offline -> online and the NodeState's deletion restore the originals.
 */
class DaemonRestartMockTest {

  static final int RESTARTS = 25;
  static final int PODS = 8;

  /** A behaviour bound (the pass runs on start, not on the drift tick), not a speed target. */
  static final Duration PROMPTLY = Duration.ofSeconds(10);

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
  void everyStartAppliesExistingPodsPromptlyAndKeepsTheOriginals() throws Exception {
    try (DaemonFixture f = new DaemonFixture(server, tmp)) {
      List<String> dirs = new ArrayList<>();
      for (int i = 0; i < PODS; i++) {
        String dir = DaemonFixture.CG + "/cpu/kubepods/besteffort/podr" + i;
        f.file(dir + "/cpu.idle", "0\n");
        f.file(dir + "/cpu.shares", "2\n");
        dirs.add(dir);
        pod(f, "batch-" + i, "r" + i, "true");
      }
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
      f.start(null);
      await().atMost(PROMPTLY).until(() -> allIdle(f, dirs, "1"));
      f.agent.drain();
      Set<Original> originals = originals(f);
      assertThat(originals).hasSize(2 * PODS); // cpu.idle and the cpu.shares it clobbers
      assertThat(originals)
          .allSatisfy(o -> assertThat(o.value()).isEqualTo(o.file().endsWith("idle") ? "0" : "2"));

      for (int round = 1; round <= RESTARTS; round++) {
        f.kill();
        for (int i = round % 2; i < PODS; i += 2) {
          f.fs.write(dirs.get(i) + "/cpu.idle", "0\n"); // reset while the daemon is down
        }
        f.start(null);
        int r = round;
        await("start " + r + " applies the existing pods")
            .atMost(PROMPTLY)
            .until(() -> allIdle(f, dirs, "1"));
        f.agent.drain();
        assertThat(originals(f)).as("the originals after start %d", r).isEqualTo(originals);
      }

      // offline -> online after the restarts: back to the original
      f.operator
          .pods()
          .inNamespace("default")
          .withName("batch-0")
          .edit(
              p ->
                  new PodBuilder(p)
                      .editMetadata()
                      .addToAnnotations(Annotations.VOLCANO_PREEMPTABLE, "false")
                      .endMetadata()
                      .build());
      await().atMost(PROMPTLY).until(() -> idle(f, dirs.get(0)).equals("0"));
      assertThat(f.fs.read(dirs.get(0) + "/cpu.shares").orElse("").strip()).isEqualTo("2");

      // the NodeState deleted: every pod restored
      f.operator.resources(NodeState.class).withName(f.node).delete();
      await().atMost(PROMPTLY).until(() -> allIdle(f, dirs, "0"));
    }
  }

  @Test
  void aNodeStateDeletedWhileTheDaemonWasDownIsRestoredAtStart() throws Exception {
    try (DaemonFixture f = new DaemonFixture(server, tmp)) {
      String dir = DaemonFixture.CG + "/cpu/kubepods/besteffort/podgone";
      f.file(dir + "/cpu.idle", "0\n");
      pod(f, "batch", "gone", "true");
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
      f.start(null);
      await().atMost(PROMPTLY).until(() -> idle(f, dir).equals("1"));
      f.kill();
      f.operator.resources(NodeState.class).withName(f.node).delete();
      f.start(null);
      await().atMost(PROMPTLY).until(() -> idle(f, dir).equals("0"));
      f.agent.drain();
      assertThat(originals(f)).isEmpty();
    }
  }

  private static Set<Original> originals(DaemonFixture f) throws Exception {
    return Set.copyOf(new CheckpointStore(f.fs).load().originals());
  }

  private static boolean allIdle(DaemonFixture f, List<String> dirs, String value) {
    return dirs.stream().allMatch(d -> idle(f, d).equals(value));
  }

  private static String idle(DaemonFixture f, String dir) {
    try {
      return f.fs.read(dir + "/cpu.idle").orElse("").strip();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void pod(DaemonFixture f, String name, String hash, String preemptable) {
    f.operator
        .pods()
        .inNamespace("default")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withAnnotations(
                    Map.of(
                        Annotations.VOLCANO_PREEMPTABLE,
                        preemptable,
                        "kubernetes.io/config.hash",
                        hash))
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
  }
}
