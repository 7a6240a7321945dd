package org.openeuler.nestos.daemon.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.api.v1alpha1.HealthGate.FailureAction;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.daemon.core.update.Specs;
import org.openeuler.nestos.daemon.host.HostFs;

/**
 * Issue 15: a pod event costs the same whatever the number of pods on the node. The daemon plans
 * every pod (pure, cheap) but reads and writes only the cgroups of the pod that changed; the other
 * pods' files wait for the periodic full pass (their drift check). Before, every pod event read
 * every pod's files twice (the drift check and the write), and wrote the status once per event.
 */
class PodEventCostMockTest {

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

  /** Counts the daemon's reads of files under {@code besteffort/pod*}, by pod directory. */
  private static HostFs counting(HostFs fs, List<String> podReads) {
    return (HostFs)
        Proxy.newProxyInstance(
            HostFs.class.getClassLoader(),
            new Class<?>[] {HostFs.class},
            (proxy, method, args) -> {
              if (method.getName().equals("read")
                  && args[0] instanceof String path
                  && path.contains("/besteffort/pod")) {
                podReads.add(path);
              }
              try {
                return method.invoke(fs, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private static void offlinePod(DaemonFixture f, int i) throws Exception {
    String hash = "h" + i;
    f.file(DaemonFixture.CG + "/cpu/kubepods/besteffort/pod" + hash + "/cpu.idle", "0\n");
    f.pod(
        "default",
        "batch-" + i,
        Map.of("volcano.sh/preemptable", "true", "kubernetes.io/config.hash", hash));
  }

  private static boolean idle(DaemonFixture f, int i) throws Exception {
    return f.fs
        .read(DaemonFixture.CG + "/cpu/kubepods/besteffort/podh" + i + "/cpu.idle")
        .orElse("")
        .strip()
        .equals("1");
  }

  @Test
  void aPodEventReadsOnlyTheCgroupsOfThePodThatChanged() throws Exception {
    List<String> podReads = new CopyOnWriteArrayList<>();
    try (DaemonFixture f = new DaemonFixture(server, tmp)) {
      f.agentFs = fs -> counting(fs, podReads);
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
      int pods = 20;
      for (int i = 0; i < pods; i++) {
        offlinePod(f, i);
      }
      for (int i = 0; i < pods; i++) {
        int n = i;
        await().atMost(Duration.ofSeconds(20)).until(() -> idle(f, n));
      }
      f.agent.drain();

      podReads.clear();
      offlinePod(f, pods); // one more pod: one event
      await().atMost(Duration.ofSeconds(10)).until(() -> idle(f, pods));
      f.agent.drain();
      assertThat(podReads)
          .as("the daemon's reads of pod cgroup files for one new pod's event")
          .isNotEmpty()
          .allMatch(p -> p.contains("/podh" + pods + "/"));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  f.get().getStatus().rubik() != null
                      && Integer.valueOf(pods + 1)
                          .equals(f.get().getStatus().rubik().offlinePods()));
    }
  }
}
