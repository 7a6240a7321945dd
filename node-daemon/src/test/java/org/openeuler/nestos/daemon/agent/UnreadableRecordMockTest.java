package org.openeuler.nestos.daemon.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openeuler.nestos.api.v1alpha1.HealthGate.FailureAction;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.OwnedSysctl;
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.daemon.core.update.Specs;
import org.openeuler.nestos.daemon.core.update.UpdatePhase;
import org.openeuler.nestos.daemon.update.HostRecordStore;

/**
 * Issue 11 item i: a corrupt, empty, torn or {@code null} host record. The daemon must start (no
 * crash loop), say why in a condition, keep enforcing sysctls, touch neither the OS nor the record
 * (it holds the reboot counts), and stay so across restarts.
 */
class UnreadableRecordMockTest {

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

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   \n",
        "null",
        "{\"version\":1,\"record\":null}",
        "{\n  \"version\" : 1,\n  \"record\" : {\n    \"revision\" : \"r0\",\n    \"pha",
        "\u0000\u0000\u0000\u0000",
        "{\"version\":1,\"record\":{\"phase\":\"NO_SUCH_PHASE\"}}",
        "[1,2,3]"
      })
  void anUnreadableRecordIsAConditionAndTheLiveAppliersKeepRunning(String content)
      throws Exception {
    try (DaemonFixture f = new DaemonFixture(server, tmp)) {
      f.file(HostRecordStore.DEFAULT_PATH, content);
      f.start(null);
      assertThat(f.agent.crashed()).as("the daemon starts").isFalse();
      f.create(
          f.spec(
              "r1",
              Specs.stage("r1"),
              FailureAction.RollbackNode,
              List.of(new OwnedSysctl("vm.swappiness", "10", List.of("NodeConfig/base"))),
              null));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> "True/RecordUnreadable".equals(DaemonFixture.condition(f.get(), "Degraded")));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> f.fs.read("/proc/sys/vm/swappiness").orElse("").strip().equals("10"));
      NodeState ns = f.get();
      String message =
          ns.getStatus().conditions().stream()
              .filter(c -> c.getType().equals("Degraded"))
              .findFirst()
              .orElseThrow()
              .getMessage();
      System.out.println("record " + content.replace("\n", "\\n") + ": " + message);
      assertThat(message).contains(HostRecordStore.DEFAULT_PATH, "OS updates are halted");
      assertThat(f.agent.updateState().phase()).isEqualTo(UpdatePhase.HALTED);
      assertThat(f.fake.calls()).as("nothing staged without the reboot counts").isEmpty();
      assertThat(f.fs.read(HostRecordStore.DEFAULT_PATH))
          .as("the record is kept")
          .contains(content);
      assertThat(DaemonFixture.condition(ns, "Updated")).isEqualTo("False/RecordUnreadable");

      // a restart: still up, still halted, still enforcing
      f.kill();
      f.start(null);
      f.agent.drain();
      assertThat(f.agent.crashed()).isFalse();
      assertThat(f.agent.updateState().phase()).isEqualTo(UpdatePhase.HALTED);
      f.fs.write("/proc/sys/vm/swappiness", "60\n");
      f.update(
          s ->
              f.spec(
                  "r2",
                  Specs.stage("r2"),
                  FailureAction.RollbackNode,
                  List.of(new OwnedSysctl("vm.swappiness", "20", List.of("NodeConfig/base"))),
                  null));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> f.fs.read("/proc/sys/vm/swappiness").orElse("").strip().equals("20"));
      f.agent.drain();
      assertThat(f.fake.calls()).isEmpty();
      assertThat(f.agent.updateState().phase()).isEqualTo(UpdatePhase.HALTED);
    }
  }
}
