package org.openeuler.nestos.daemon.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.daemon.core.update.HostRecord;
import org.openeuler.nestos.daemon.core.update.UpdatePhase;
import org.openeuler.nestos.ostree.core.sysroot.AdminDeployment;
import org.openeuler.nestos.ostree.core.sysroot.AdminStatusParser;
import org.openeuler.nestos.ostree.host.HostNamespace;
import org.openeuler.nestos.ostree.host.ProcessCommandRunner;
import org.openeuler.nestos.ostree.image.EncapsulatedImage;
import org.openeuler.nestos.ostree.image.NestosImages;
import org.openeuler.nestos.ostree.image.NestosTrees;
import org.openeuler.nestos.ostree.testing.KillingCommandRunner;
import org.openeuler.nestos.ostree.testing.LocalRegistry;

/**
 * Kills INSIDE the ostree operations of an update on a real ostree sysroot (Debian ostree, {@code
 * OstreeSysrootHost}): for every k, the daemon dies right after the k-th mutating {@code ostree}
 * command of the update (import, stage deploy, pin, the finalize's deploy and undeploy, the
 * rollback's deploy, unpin and undeploy), a new daemon starts from the saved files (host record,
 * sysroot, simulated boot state), and the node must converge: the right phase, no extra
 * deployments, the right default, the rollback deployment pinned, exactly the reboots the update
 * needs (one forward, plus one rollback when unhealthy) counted in the record, and a restart after
 * the end reboots nothing.
 */
class OsUpdateKillRealOstreeIT {

  private static final ProcessCommandRunner RUNNER = new ProcessCommandRunner(HostNamespace.NONE);
  private static final long DEADLINE_MS = 60_000;

  static TestApiServer server;
  static LocalRegistry registry;
  static Path work;
  static EncapsulatedImage imageA;
  static EncapsulatedImage imageB;

  @BeforeAll
  static void up() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/ostree"))
            && Files.isExecutable(Path.of(LocalRegistry.BINARY)),
        "needs Debian ostree and docker-registry (scripts/install-tools installs them)");
    work = Files.createTempDirectory("nestos-daemon-kill-");
    server = TestApiServer.start();
    registry = LocalRegistry.plain().start(work);
    imageA = NestosImages.publish(registry, registry.client(), work, "1", null);
    imageB = NestosImages.publish(registry, registry.client(), work, "2", null);
  }

  @AfterAll
  static void down() throws Exception {
    if (server != null) {
      server.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (work != null) {
      NestosTrees.deleteSysroot(work);
    }
  }

  static String plain(EncapsulatedImage image) {
    return registry.host() + "/nestos/os@" + image.manifestDigest();
  }

  /** What one kill-and-restart run ended with. */
  record Outcome(
      String killedAfter,
      List<String> mutations,
      int restarts,
      UpdatePhase phase,
      String condition,
      List<AdminDeployment> admin,
      int bootedIndex,
      HostRecord record,
      int reboots) {}

  @Test
  void killedAfterEveryOstreeCommandOfAnUpdateTheNodeConvergesOnTheNewImage() throws Exception {
    List<String> killedAt = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (int k = 1; k <= 40; k++) {
      Outcome o = run(k, "/bin/true", "True/UpToDate");
      try {
        System.out.printf(
            "kill after mutation #%-2d %-40s restarts=%d phase=%s reboots=%d deployments=%s%n",
            k,
            o.killedAfter() == null ? "(not reached)" : o.killedAfter(),
            o.restarts(),
            o.phase(),
            o.reboots(),
            o.admin().stream()
                .map(d -> d.checksum().substring(0, 8) + (d.pinned() ? "*" : ""))
                .toList());
        String at = "kill after #" + k + " (" + o.killedAfter() + ")";
        assertThat(o.phase()).as(at).isEqualTo(UpdatePhase.UPDATED);
        assertThat(o.condition()).as(at).isEqualTo("True/UpToDate");
        assertThat(o.admin())
            .as(at + ": no extra deployments, B default, A kept as the pinned rollback")
            .extracting(AdminDeployment::checksum)
            .containsExactly(imageB.commit(), imageA.commit());
        assertThat(o.bootedIndex()).as(at + ": B booted").isZero();
        assertThat(o.admin().get(1).pinned()).as(at + ": rollback pinned").isTrue();
        assertThat(o.record().count("r1")).as(at).isEqualTo(new HostRecord.RebootCount(1, 0));
        assertThat(o.reboots()).as(at + ": one forward reboot").isEqualTo(1);
        assertThat(o.restarts()).as(at).isEqualTo(o.killedAfter() == null ? 0 : 1);
      } catch (AssertionError e) {
        failures.add(e.getMessage());
      }
      if (o.killedAfter() == null) {
        assertThat(k).as("a clean run has mutating commands").isGreaterThan(1);
        break;
      }
      killedAt.add(o.killedAfter());
    }
    System.out.println("killed after: " + killedAt);
    assertThat(failures).as("kill points that did not converge").isEmpty();
    assertThat(String.join("|", killedAt))
        .as("kills inside the stage, the pin and the finalize")
        .contains(
            "ostree admin deploy --not-as-default", "ostree admin pin", "ostree admin undeploy");
  }

  @Test
  void killedAfterEveryOstreeCommandOfAFailedUpdateTheNodeRollsBackToThePinnedImage()
      throws Exception {
    List<String> killedAt = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (int k = 1; k <= 40; k++) {
      Outcome o = run(k, "/bin/false", "True/RolledBack");
      try {
        System.out.printf(
            "kill after mutation #%-2d %-40s restarts=%d phase=%s reboots=%d deployments=%s%n",
            k,
            o.killedAfter() == null ? "(not reached)" : o.killedAfter(),
            o.restarts(),
            o.phase(),
            o.reboots(),
            o.admin().stream()
                .map(d -> d.checksum().substring(0, 8) + (d.pinned() ? "*" : ""))
                .toList());
        String at = "kill after #" + k + " (" + o.killedAfter() + ")";
        assertThat(o.phase()).as(at).isEqualTo(UpdatePhase.ROLLED_BACK);
        assertThat(o.condition()).as(at).isEqualTo("True/RolledBack");
        assertThat(o.admin())
            .as(at + ": no extra deployments, A default again")
            .extracting(AdminDeployment::checksum)
            .containsExactly(imageA.commit(), imageB.commit());
        assertThat(o.bootedIndex()).as(at + ": A booted").isZero();
        assertThat(o.record().count("r1")).as(at).isEqualTo(new HostRecord.RebootCount(1, 1));
        assertThat(o.reboots()).as(at + ": one forward and one rollback reboot").isEqualTo(2);
      } catch (AssertionError e) {
        failures.add(e.getMessage());
      }
      if (o.killedAfter() == null) {
        break;
      }
      killedAt.add(o.killedAfter());
    }
    System.out.println("killed after: " + killedAt);
    assertThat(failures).as("kill points that did not converge").isEmpty();
    assertThat(String.join("|", killedAt))
        .as("kills inside the rollback too")
        .contains("ostree admin pin --unpin", "ostree admin deploy");
  }

  /**
   * One node from A to B with the given health check; the daemon is killed after the k-th mutating
   * command and restarted whenever it died, the test granting as the operator does.
   */
  private Outcome run(int k, String check, String expected) throws Exception {
    KillingCommandRunner runner = new KillingCommandRunner(RUNNER);
    try (DaemonFixture n =
        DaemonFixture.onRealOstree(
            server, work, registry, plain(imageA), imageA.commit(), runner)) {
      runner.arm(k);
      n.start();
      int starts = 1;
      n.create(
          n.spec(
              "r1",
              plain(imageB),
              null,
              OsUpdateRealOstreeIT.gate(check),
              OsUpdateRealOstreeIT.stage("r1")));
      boolean granted = false;
      String condition = null;
      long deadline = System.currentTimeMillis() + DEADLINE_MS;
      while (System.currentTimeMillis() < deadline) {
        if (n.agent.crashed()) {
          n.kill();
          n.start();
          starts++;
        }
        NodeState ns = n.get();
        if (!granted && ns.getStatus() != null && "r1".equals(ns.getStatus().stagedRevision())) {
          n.operatorGrant(ns.getStatus().bootID(), "r1");
          granted = true;
        }
        if (n.agent.updateState().phase().terminal()) {
          n.agent.drain();
          if (n.agent.crashed()) {
            continue;
          }
          NodeState now = n.get();
          condition =
              n.agent.updateState().phase() == UpdatePhase.UPDATED
                  ? DaemonFixture.condition(now, "Updated")
                  : DaemonFixture.condition(now, "Degraded");
          if (expected.equals(condition) || n.agent.updateState().phase() != UpdatePhase.UPDATED) {
            break;
          }
        }
        Thread.sleep(50);
      }
      UpdatePhase phase = n.agent.updateState().phase();
      int reboots = n.completedReboots.get();
      // a restart after the end reboots nothing and changes nothing
      String before = n.sysroot.adminStatusText();
      n.kill();
      n.start();
      n.agent.drain();
      assertThat(n.agent.updateState().phase()).isEqualTo(phase);
      assertThat(n.completedReboots.get())
          .as("no reboot after a restart at the end")
          .isEqualTo(reboots);
      assertThat(n.sysroot.adminStatusText()).isEqualTo(before);
      List<AdminDeployment> admin = AdminStatusParser.parse(n.sysroot.adminStatusText());
      List<org.openeuler.nestos.ostree.core.status.Deployment> deployments =
          n.sysroot.status().deployments();
      int bootedIndex = -1;
      for (int i = 0; i < deployments.size(); i++) {
        if (deployments.get(i).booted()) {
          bootedIndex = i;
        }
      }
      return new Outcome(
          runner.killedAfter(),
          runner.mutations(),
          starts - 1,
          phase,
          condition,
          admin,
          bootedIndex,
          n.record().orElseThrow(),
          reboots);
    }
  }
}
