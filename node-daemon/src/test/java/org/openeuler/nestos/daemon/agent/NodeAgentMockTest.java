package org.openeuler.nestos.daemon.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.api.v1alpha1.HealthGate.FailureAction;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.OwnedSysctl;
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.daemon.core.update.Specs;
import org.openeuler.nestos.daemon.core.update.UpdatePhase;

/** The daemon against the test API server, the test acting as the operator. */
class NodeAgentMockTest {

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

  static final Duration WAIT = Duration.ofSeconds(20);

  /** Creates a NodeState with a Stage grant and waits until the daemon reports the image staged. */
  static NodeState staged(DaemonFixture f, FailureAction action) {
    f.create(f.spec("r1", Specs.stage("r1"), action, List.of(), null));
    await().atMost(WAIT).until(() -> "r1".equals(status(f.get(), "stagedRevision")));
    return f.get();
  }

  static String status(NodeState ns, String field) {
    if (ns == null || ns.getStatus() == null) {
      return null;
    }
    return switch (field) {
      case "stagedRevision" -> ns.getStatus().stagedRevision();
      case "currentRevision" -> ns.getStatus().currentRevision();
      case "acceptedTicket" -> ns.getStatus().acceptedTicket();
      case "lastFailedRevision" -> ns.getStatus().lastFailedRevision();
      default -> throw new IllegalArgumentException(field);
    };
  }

  @Test
  void stageTicketRebootVerifyUpdated() throws Exception {
    try (DaemonFixture f = new DaemonFixture(server, tmp)) {
      f.start(null);
      NodeState ns = staged(f, FailureAction.RollbackNode);
      assertThat(DaemonFixture.condition(ns, "Staged")).isEqualTo("True/Staged");
      assertThat(ns.getStatus().agentVersion()).isNotBlank();
      assertThat(f.fake.reboots()).isZero();
      f.operatorGrant(ns.getStatus().bootID(), "r1");
      await()
          .atMost(WAIT)
          .until(() -> "True/UpToDate".equals(DaemonFixture.condition(f.get(), "Updated")));
      NodeState done = f.get();
      assertThat(done.getStatus().currentRevision()).isEqualTo("r1");
      assertThat(done.getStatus().bootID())
          .isEqualTo(f.fake.bootId())
          .isNotEqualTo(ns.getStatus().bootID());
      assertThat(done.getStatus().deployments().booted().imageReference()).contains(Specs.NEW);
      assertThat(done.getStatus().appliedKernelArguments()).contains("mitigations=auto");
      assertThat(f.fake.reboots()).isEqualTo(1);
      assertThat(f.fake.calls()).noneMatch(c -> c.startsWith("rollback"));
    }
  }

  /**
   * The edge of {@code StageRetries} (docs/chaos.md): a failed stage is tried again by the daemon's
   * own tick, without a spec change; under a Reboot grant the third failure fails the revision.
   */
  @Test
  void aFailedStageIsTriedAgainWithoutASpecChangeAndUnderARebootGrantFailsAfterThree()
      throws Exception {
    try (DaemonFixture f = new DaemonFixture(server, tmp)) {
      f.fake.failOn("stage");
      f.start(null);
      f.create(f.spec("r1", Specs.stage("r1"), FailureAction.RollbackNode, List.of(), null));
      await()
          .atMost(WAIT)
          .until(() -> f.fake.calls().stream().filter(c -> c.startsWith("stage")).count() >= 2);
      assertThat(DaemonFixture.condition(f.get(), "Degraded")).isEqualTo("True/ApplyFailed");
      assertThat(status(f.get(), "lastFailedRevision")).as("staging early never fails").isNull();
      f.fake.heal("stage");
      await().atMost(WAIT).until(() -> "r1".equals(status(f.get(), "stagedRevision")));

      // a second node whose stage keeps failing under its Reboot grant
      try (DaemonFixture g = new DaemonFixture(server, tmp)) {
        g.fake.failOn("stage");
        g.start(null);
        g.create(g.spec("r1", Specs.none(), FailureAction.RollbackNode, List.of(), null));
        await().atMost(WAIT).until(() -> g.get().getStatus() != null);
        g.operatorGrant(g.get().getStatus().bootID(), "r1");
        await().atMost(WAIT).until(() -> "r1".equals(status(g.get(), "lastFailedRevision")));
        assertThat(g.fake.calls().stream().filter(c -> c.startsWith("stage")).count())
            .as("stage attempts")
            .isEqualTo(3);
        assertThat(g.fake.reboots()).isZero();
      }
    }
  }

  @Test
  void failingHealthCheckRollsBack() throws Exception {
    try (DaemonFixture f = new DaemonFixture(server, tmp)) {
      f.healthy = false;
      f.start(null);
      NodeState ns = staged(f, FailureAction.RollbackNode);
      f.operatorGrant(ns.getStatus().bootID(), "r1");
      await()
          .atMost(WAIT)
          .until(() -> "True/RolledBack".equals(DaemonFixture.condition(f.get(), "Degraded")));
      assertThat(f.get().getStatus().lastFailedRevision()).isEqualTo("r1");
      assertThat(f.fake.reboots()).isEqualTo(2);
      assertThat(f.fake.calls()).anyMatch(c -> c.startsWith("rollback"));
      assertThat(f.fake.status().booted().orElseThrow().imageReference()).isEqualTo(Specs.OLD_REF);
      assertThat(f.agent.updateState().phase()).isEqualTo(UpdatePhase.ROLLED_BACK);
    }
  }

  @Test
  void leaveNodeFailsWithoutRollback() throws Exception {
    try (DaemonFixture f = new DaemonFixture(server, tmp)) {
      f.healthy = false;
      f.start(null);
      NodeState ns = staged(f, FailureAction.LeaveNode);
      f.operatorGrant(ns.getStatus().bootID(), "r1");
      await().atMost(WAIT).until(() -> f.agent.updateState().phase() == UpdatePhase.FAILED);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  String.valueOf(DaemonFixture.condition(f.get(), "Degraded")).startsWith("True"));
      assertThat(f.fake.reboots()).isEqualTo(1);
      assertThat(f.fake.calls()).noneMatch(c -> c.startsWith("rollback"));
      assertThat(f.get().getStatus().lastFailedRevision()).isEqualTo("r1");
    }
  }

  /** Issue 11 item 4: a hand-written grant never reboots the node. */
  @Test
  void aHandWrittenGrantIsNeverClaimed() throws Exception {
    try (DaemonFixture f = new DaemonFixture(server, tmp)) {
      f.start(null);
      NodeState ns = staged(f, FailureAction.RollbackNode);
      String boot = ns.getStatus().bootID();
      // a made-up ticket with the current boot id and revision
      f.grant("made-up", boot, "r1");
      await()
          .atMost(WAIT)
          .until(
              () ->
                  f.agent.updateState().reason() != null
                      && f.agent.updateState().reason().text().contains("made-up"));
      // the operator's ticket for these fields, but the operator never cordoned the node
      String derived =
          org.openeuler.nestos.api.Tickets.of(
              ns.getSpec().osVersionRef(),
              org.openeuler.nestos.api.v1alpha1.Disruption.Allowed.Reboot,
              f.uid(),
              boot,
              "r1");
      f.grant(derived, boot, "r1");
      await()
          .atMost(WAIT)
          .until(
              () ->
                  f.agent.updateState().reason() != null
                      && f.agent.updateState().reason().text().contains("not cordoned"));
      f.agent.drain();
      assertThat(f.get().getStatus().acceptedTicket()).isNull();
      assertThat(f.fake.reboots()).isZero();
      assertThat(f.agent.updateState().phase()).isEqualTo(UpdatePhase.STAGED);
    }
  }

  @Test
  void staleTicketsAreIgnored() throws Exception {
    try (DaemonFixture f = new DaemonFixture(server, tmp)) {
      f.start(null);
      NodeState ns = staged(f, FailureAction.RollbackNode);
      f.grant("t-oldboot", "another-boot-id", "r1");
      await()
          .atMost(WAIT)
          .until(
              () ->
                  f.agent.updateState().reason() != null
                      && f.agent
                          .updateState()
                          .reason()
                          .text()
                          .contains("ignored stale ticket t-oldboot"));
      f.grant("t-oldrev", ns.getStatus().bootID(), "r0");
      await()
          .atMost(WAIT)
          .until(
              () ->
                  f.agent.updateState().reason() != null
                      && f.agent.updateState().reason().text().contains("t-oldrev"));
      f.agent.drain();
      assertThat(f.get().getStatus().acceptedTicket()).isNull();
      assertThat(f.fake.reboots()).isZero();
      assertThat(f.agent.updateState().phase()).isEqualTo(UpdatePhase.STAGED);
    }
  }

  @Test
  void sysctlsApplyLiveAndAreRestoredWhenTheNodeStateGoes() throws Exception {
    try (DaemonFixture f = new DaemonFixture(server, tmp)) {
      f.start(null);
      f.create(
          f.spec(
              null,
              Specs.none(),
              FailureAction.RollbackNode,
              List.of(new OwnedSysctl("vm.swappiness", "10", List.of("NodeConfig/base"))),
              null));
      await()
          .atMost(WAIT)
          .until(() -> f.fs.read("/proc/sys/vm/swappiness").orElse("").equals("10\n"));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  f.get().getStatus() != null
                      && f.get().getStatus().sysctls() != null
                      && Integer.valueOf(1).equals(f.get().getStatus().sysctls().applied()));
      assertThat(f.fake.calls()).isEmpty();
      f.operator.resources(NodeState.class).withName(f.node).delete();
      await()
          .atMost(WAIT)
          .until(() -> f.fs.read("/proc/sys/vm/swappiness").orElse("").equals("60\n"));
      assertThat(f.fake.reboots()).isZero();
    }
  }

  @Test
  void invalidSysctlDegradesAndAppliesNothing() throws Exception {
    try (DaemonFixture f = new DaemonFixture(server, tmp)) {
      f.start(null);
      f.create(
          f.spec(
              null,
              Specs.none(),
              FailureAction.RollbackNode,
              List.of(
                  new OwnedSysctl("vm.swappiness", "10", List.of("NodeConfig/base")),
                  new OwnedSysctl("kernel.modprobe", "/tmp/x", List.of("NodeConfig/base"))),
              null));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  String.valueOf(DaemonFixture.condition(f.get(), "Degraded"))
                      .equals("True/InvalidSpec"));
      assertThat(f.fs.read("/proc/sys/vm/swappiness")).contains("60\n");
    }
  }

  @Test
  void idleDaemonMakesNoApiRequestsBeyondItsWatches() throws Exception {
    try (DaemonFixture f = new DaemonFixture(server, tmp)) {
      f.start(null);
      f.create(
          f.spec(
              null,
              Specs.none(),
              FailureAction.RollbackNode,
              List.of(new OwnedSysctl("vm.dirty_ratio", "30", List.of("NodeConfig/base"))),
              null));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  f.agent.synced()
                      && f.get().getStatus() != null
                      && f.get().getStatus().sysctls() != null);
      Thread.sleep(500);
      f.agent.drain();
      long writes = f.agent.statusWrites();
      // other tests' daemons are closed; count only this daemon's user agent over a short idle
      // window
      long before = nonWatch();
      Thread.sleep(3000);
      long after = nonWatch();
      System.out.printf(
          "idle window 3 s: %d API requests besides watches, %d status writes in total%n",
          after - before, f.agent.statusWrites());
      assertThat(after - before).isZero();
      assertThat(f.agent.statusWrites()).isEqualTo(writes);
    }
  }

  private static long nonWatch() {
    var json = server.requests().toJson();
    long n = 0;
    for (var r : json.get("requests")) {
      if (r.get("userAgent").asText().startsWith("nestos-node-daemon")
          && !r.get("verb").asText().equals("watch")) {
        n += r.get("count").asLong();
      }
    }
    return n;
  }
}
