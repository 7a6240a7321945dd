package org.openeuler.nestos.daemon.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.ExecCheck;
import org.openeuler.nestos.api.v1alpha1.HealthCheck;
import org.openeuler.nestos.api.v1alpha1.HealthGate;
import org.openeuler.nestos.api.v1alpha1.ImagePolicy;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.OstreeRemote;
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.daemon.core.update.HostRecord;
import org.openeuler.nestos.daemon.core.update.UpdatePhase;
import org.openeuler.nestos.ostree.core.status.Deployment;
import org.openeuler.nestos.ostree.core.sysroot.AdminDeployment;
import org.openeuler.nestos.ostree.core.sysroot.AdminStatusParser;
import org.openeuler.nestos.ostree.host.Command;
import org.openeuler.nestos.ostree.host.HostNamespace;
import org.openeuler.nestos.ostree.host.OstreeRemotes;
import org.openeuler.nestos.ostree.host.ProcessCommandRunner;
import org.openeuler.nestos.ostree.image.EncapsulatedImage;
import org.openeuler.nestos.ostree.image.NestosImages;
import org.openeuler.nestos.ostree.image.NestosTrees;
import org.openeuler.nestos.ostree.testing.LocalRegistry;
import org.openeuler.nestos.ostree.testing.TestGpg;

/**
 * The whole node daemon ({@link NodeAgent} against the test API server, the test playing the
 * operator) updating a real ostree sysroot ({@code OstreeSysrootHost}, Debian ostree) from
 * ostree-native images in a real {@code docker-registry}, with the real health checker: a Stage
 * grant stages B with finalization locked; an unplanned reboot boots A again and claims nothing; a
 * Reboot ticket finalizes, reboots into B and verifies it against the real deployment; a failing
 * Exec health gate rolls back to A for real; an {@code OstreeRemote} image policy makes the daemon
 * add the remote with the policy's keys (an admin's remote is left as it is), after which an
 * unsigned image is refused (libostree GPG verification) and a signed one stages.
 */
class OsUpdateRealOstreeIT {

  static final Duration WAIT = Duration.ofSeconds(30);
  private static final ProcessCommandRunner RUNNER = new ProcessCommandRunner(HostNamespace.NONE);

  static TestApiServer server;
  static LocalRegistry registry;
  static TestGpg gpg;
  static Path work;
  static EncapsulatedImage imageA;
  static EncapsulatedImage imageB;
  static EncapsulatedImage signedC;

  @BeforeAll
  static void up() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/ostree"))
            && Files.isExecutable(Path.of(LocalRegistry.BINARY))
            && TestGpg.available(),
        "needs Debian ostree, docker-registry and gpg (scripts/install-tools installs them)");
    work = Files.createTempDirectory("nestos-daemon-ostree-");
    server = TestApiServer.start();
    registry = LocalRegistry.plain().start(work);
    gpg = TestGpg.create(work);
    imageA = publish("1", false);
    imageB = publish("2", false);
    signedC = publish("3", true);
  }

  @AfterAll
  static void down() throws Exception {
    if (server != null) {
      server.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (gpg != null) {
      gpg.close();
    }
    if (work != null) {
      NestosTrees.deleteSysroot(work);
    }
  }

  private static EncapsulatedImage publish(String version, boolean signed) throws Exception {
    return NestosImages.publish(registry, registry.client(), work, version, signed ? gpg : null);
  }

  /** The plain digest-pinned reference an OSVersion carries. */
  static String plain(EncapsulatedImage image) {
    return registry.host() + "/nestos/os@" + image.manifestDigest();
  }

  static HealthGate gate(String program) {
    return new HealthGate(
        1,
        0,
        List.of(
            new HealthCheck(
                "exec-" + program.substring(program.lastIndexOf('/') + 1),
                HealthCheck.Type.Exec,
                5,
                null,
                new ExecCheck(List.of(program)),
                null,
                null)),
        HealthGate.FailureAction.RollbackNode);
  }

  @Test
  void stagedLockedSurvivesUnplannedRebootThenTicketedRebootBootsAndVerifiesB() throws Exception {
    try (DaemonFixture n =
        DaemonFixture.onRealOstree(server, work, registry, plain(imageA), imageA.commit())) {
      n.start();
      String bootA = n.sysroot.bootId();
      n.create(n.spec("r1", plain(imageB), null, gate("/bin/true"), stage("r1")));
      await().atMost(WAIT).until(() -> "r1".equals(n.status().stagedRevision()));

      // 1. staged, finalization locked: the default (first) deployment is still A, B deployed
      // not-as-default
      List<AdminDeployment> admin = AdminStatusParser.parse(n.sysroot.adminStatusText());
      assertThat(admin)
          .extracting(AdminDeployment::checksum)
          .containsExactly(imageA.commit(), imageB.commit());
      assertThat(Files.isDirectory(n.deployDir(admin.get(1)))).isTrue();
      Deployment staged = n.sysroot.status().staged().orElseThrow();
      assertThat(staged.finalizationLocked()).isTrue();
      assertThat(staged.kernelArguments()).contains("root=LABEL=root", "nestos.update=r1");
      assertThat(n.sysroot.status().booted().orElseThrow().checksum()).isEqualTo(imageA.commit());
      assertThat(DaemonFixture.condition(n.get(), "Staged")).isEqualTo("True/Staged");
      assertThat(n.status().deployments().staged().checksum()).isEqualTo(imageB.commit());

      // 2. unplanned reboot (no ticket): the locked staged deployment is not finalized, A boots
      // again
      n.kill();
      n.sysroot.reboot();
      String bootA2 = n.sysroot.bootId();
      assertThat(bootA2).isNotEqualTo(bootA);
      n.start();
      await()
          .atMost(WAIT)
          .until(
              () -> bootA2.equals(n.status().bootID()) && "r1".equals(n.status().stagedRevision()));
      assertThat(n.status().deployments().booted().checksum()).isEqualTo(imageA.commit());
      assertThat(n.status().deployments().staged().checksum()).isEqualTo(imageB.commit());
      assertThat(n.status().acceptedTicket()).isNull();
      assertThat(n.status().currentRevision()).isNull();
      assertThat(n.record().map(r -> r.count("r1").forward()).orElse(0)).isZero();
      // a ticket the operator granted for the boot before the unplanned reboot is stale
      String beforeReboot = n.operatorGrant(bootA, "r1");
      await()
          .atMost(WAIT)
          .until(() -> String.valueOf(n.agent.updateState().reason()).contains(beforeReboot));
      n.agent.drain();
      assertThat(n.status().acceptedTicket()).isNull();
      assertThat(n.sysroot.bootId()).isEqualTo(bootA2);

      // 3. ticket for this boot: intent recorded, finalize + reboot into B, verified against the
      // real deployment
      String ticket = n.operatorGrant(bootA2, "r1");
      await()
          .atMost(WAIT)
          .until(() -> "True/UpToDate".equals(DaemonFixture.condition(n.get(), "Updated")));
      NodeState done = n.get();
      assertThat(done.getStatus().acceptedTicket()).isEqualTo(ticket);
      assertThat(done.getStatus().currentRevision()).isEqualTo("r1");
      assertThat(done.getStatus().bootID()).isEqualTo(n.sysroot.bootId()).isNotEqualTo(bootA2);
      assertThat(done.getStatus().deployments().booted().imageReference())
          .isEqualTo("ostree-unverified-registry:" + plain(imageB));
      assertThat(done.getStatus().deployments().rollback().checksum()).isEqualTo(imageA.commit());
      assertThat(done.getStatus().deployments().rollback().pinned()).isTrue();
      assertThat(AdminStatusParser.parse(n.sysroot.adminStatusText()).get(0).checksum())
          .isEqualTo(imageB.commit());
      Deployment booted = n.sysroot.status().booted().orElseThrow();
      assertThat(booted.checksum()).isEqualTo(imageB.commit());
      assertThat(booted.imageDigest()).isEqualTo(imageB.manifestDigest().toString());
      assertThat(booted.kernelArguments()).contains("root=LABEL=root", "nestos.update=r1");
      HostRecord rec = n.record().orElseThrow();
      assertThat(rec.phase()).isEqualTo(UpdatePhase.UPDATED);
      assertThat(rec.count("r1")).isEqualTo(new HostRecord.RebootCount(1, 0));
      // the intent was durable, and the rollback pinned, before the finalize-and-reboot ran
      assertThat(n.reboots)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.action()).isEqualTo("FinalizeAndReboot");
                assertThat(r.record().intent()).isEqualTo(HostRecord.Intent.REBOOT);
                assertThat(r.record().intentBootId()).isEqualTo(bootA2);
                assertThat(r.record().ticket()).isEqualTo(ticket);
                assertThat(r.record().expectedChecksum()).isEqualTo(imageB.commit());
                assertThat(r.record().count("r1").forward()).isEqualTo(1);
                assertThat(r.bootedChecksum()).isEqualTo(imageA.commit());
                assertThat(r.pinned()).containsExactly(imageA.commit());
              });
      System.out.println("updated on real ostree:\n" + n.sysroot.adminStatusText());
    }
  }

  @Test
  void failingHealthGateRollsBackToTheRealPreviousDeployment() throws Exception {
    try (DaemonFixture n =
        DaemonFixture.onRealOstree(server, work, registry, plain(imageA), imageA.commit())) {
      n.start();
      n.create(n.spec("r1", plain(imageB), null, gate("/bin/false"), stage("r1")));
      await().atMost(WAIT).until(() -> "r1".equals(n.status().stagedRevision()));
      String bootA = n.status().bootID();
      n.operatorGrant(bootA, "r1");
      await()
          .atMost(WAIT)
          .until(() -> "True/RolledBack".equals(DaemonFixture.condition(n.get(), "Degraded")));

      NodeState ns = n.get();
      assertThat(ns.getStatus().lastFailedRevision()).isEqualTo("r1");
      assertThat(ns.getStatus().healthChecks())
          .singleElement()
          .satisfies(h -> assertThat(h.name()).isEqualTo("exec-false"));
      assertThat(n.agent.updateState().phase()).isEqualTo(UpdatePhase.ROLLED_BACK);
      assertThat(AdminStatusParser.parse(n.sysroot.adminStatusText()).get(0).checksum())
          .isEqualTo(imageA.commit());
      Deployment booted = n.sysroot.status().booted().orElseThrow();
      assertThat(booted.checksum()).isEqualTo(imageA.commit());
      assertThat(booted.kernelArguments())
          .contains("root=LABEL=root")
          .doesNotContain("nestos.update=r1");
      assertThat(ns.getStatus().bootID()).isEqualTo(n.sysroot.bootId()).isNotEqualTo(bootA);
      HostRecord rec = n.record().orElseThrow();
      assertThat(rec.phase()).isEqualTo(UpdatePhase.ROLLED_BACK);
      assertThat(rec.count("r1")).isEqualTo(new HostRecord.RebootCount(1, 1));
      assertThat(n.reboots)
          .extracting(DaemonFixture.BeforeReboot::action)
          .containsExactly("FinalizeAndReboot", "Rollback");
      DaemonFixture.BeforeReboot rollback = n.reboots.get(1);
      assertThat(rollback.record().intent()).isEqualTo(HostRecord.Intent.ROLLBACK);
      assertThat(rollback.record().count("r1")).isEqualTo(new HostRecord.RebootCount(1, 1));
      assertThat(rollback.bootedChecksum()).isEqualTo(imageB.commit());
      assertThat(rollback.pinned()).containsExactly(imageA.commit());
      System.out.println("rolled back on real ostree:\n" + n.sysroot.adminStatusText());
    }
  }

  @Test
  void ostreeRemotePolicyKeysAreImportedByTheDaemonThenAnUnsignedImageIsRefusedAndASignedOneStages()
      throws Exception {
    try (DaemonFixture n =
        DaemonFixture.onRealOstree(server, work, registry, plain(imageA), imageA.commit())) {
      // nobody configured the remote on the host: the daemon does it from
      // imagePolicy.ostreeRemote.keys
      n.start();
      assertThat(remotes(n)).isEmpty();
      String before = n.sysroot.adminStatusText();
      String config = Files.readString(n.sysroot.repo().resolve("config"));

      // a private key in the policy: invalid spec, the host untouched
      ImagePolicy secret =
          new ImagePolicy(
              ImagePolicy.Verification.OstreeRemote,
              new OstreeRemote("nestos", List.of(gpg.privateKeyArmored())),
              null);
      n.create(n.spec("r0", plain(signedC), secret, gate("/bin/true"), stage("r0")));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  String.valueOf(DaemonFixture.condition(n.get(), "Degraded")).startsWith("True"));
      assertThat(DaemonFixture.condition(n.get(), "Degraded")).isEqualTo("True/InvalidSpec");
      assertThat(message(n.get(), "Degraded"))
          .contains("imagePolicy.ostreeRemote.keys", "PRIVATE key");
      assertThat(remotes(n)).isEmpty();
      assertThat(Files.readString(n.sysroot.repo().resolve("config"))).isEqualTo(config);

      // the public key: the daemon adds the remote with it, and libostree refuses the unsigned
      // image
      ImagePolicy remote =
          new ImagePolicy(
              ImagePolicy.Verification.OstreeRemote,
              new OstreeRemote("nestos", List.of(gpg.publicKeyArmored())),
              null);
      n.update(s -> n.spec("r1", plain(imageB), remote, gate("/bin/true"), stage("r1")));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  "True/ApplyFailed".equals(DaemonFixture.condition(n.get(), "Degraded"))
                      || "r1".equals(n.status().stagedRevision()));
      assertThat(DaemonFixture.condition(n.get(), "Degraded"))
          .as("unsigned image refused")
          .isEqualTo("True/ApplyFailed");
      String message = message(n.get(), "Degraded");
      System.out.println("unsigned image refused: " + message);
      assertThat(message).contains("signature verification", "\"nestos\"", "no signatures found");
      assertThat(remotes(n)).containsExactly("nestos");
      assertThat(ostree("remote", "show-url", "--repo=" + n.sysroot.repo(), "nestos"))
          .isEqualTo(OstreeRemotes.PLACEHOLDER_URL);
      assertThat(
              ostree("config", "--repo=" + n.sysroot.repo(), "get", "remote \"nestos\".gpg-verify"))
          .isEqualTo("true");
      assertThat(ostree("remote", "gpg-list-keys", "--repo=" + n.sysroot.repo(), "nestos"))
          .contains(gpg.fingerprint());
      assertThat(n.sysroot.adminStatusText()).isEqualTo(before);
      assertThat(n.sysroot.status().staged()).isEmpty();
      assertThat(n.status().stagedRevision()).isNull();
      assertThat(
              Files.exists(
                  n.sysroot
                      .repo()
                      .resolve(
                          "objects/"
                              + imageB.commit().substring(0, 2)
                              + "/"
                              + imageB.commit().substring(2)
                              + ".commit")))
          .isFalse();

      n.update(s -> n.spec("r2", plain(signedC), remote, gate("/bin/true"), stage("r2")));
      await().atMost(WAIT).until(() -> "r2".equals(n.status().stagedRevision()));
      Deployment staged = n.sysroot.status().staged().orElseThrow();
      assertThat(staged.checksum()).isEqualTo(signedC.commit());
      assertThat(staged.imageReference())
          .isEqualTo("ostree-remote-registry:nestos:" + plain(signedC));
    }
  }

  @Test
  void anAdminConfiguredRemoteIsLeftAsItIsAndItsKeysDecide() throws Exception {
    try (DaemonFixture n =
        DaemonFixture.onRealOstree(server, work, registry, plain(imageA), imageA.commit())) {
      gpg.addRemote(n.sysroot.repo(), "nestos", "http://" + registry.host());
      String config = Files.readString(n.sysroot.repo().resolve("config"));
      n.start();
      // the policy names a key that did not sign anything here; the admin's remote (with the real
      // key) is kept
      try (TestGpg other = TestGpg.create(work)) {
        ImagePolicy remote =
            new ImagePolicy(
                ImagePolicy.Verification.OstreeRemote,
                new OstreeRemote("nestos", List.of(other.publicKeyArmored())),
                null);
        n.create(n.spec("r1", plain(signedC), remote, gate("/bin/true"), stage("r1")));
        await().atMost(WAIT).until(() -> "r1".equals(n.status().stagedRevision()));
        assertThat(Files.readString(n.sysroot.repo().resolve("config"))).isEqualTo(config);
        assertThat(ostree("remote", "gpg-list-keys", "--repo=" + n.sysroot.repo(), "nestos"))
            .contains(gpg.fingerprint())
            .doesNotContain(other.fingerprint());
      }
      assertThat(n.sysroot.status().staged().orElseThrow().checksum()).isEqualTo(signedC.commit());
    }
  }

  static List<String> remotes(DaemonFixture n) {
    return ostree("remote", "list", "--repo=" + n.sysroot.repo())
        .lines()
        .filter(l -> !l.isBlank())
        .toList();
  }

  static String ostree(String... args) {
    List<String> argv = new java.util.ArrayList<>(List.of("ostree"));
    argv.addAll(List.of(args));
    return RUNNER.run(Command.of(argv)).orThrow().stdout().strip();
  }

  static Disruption stage(String revision) {
    return new Disruption(Disruption.Allowed.Stage, "stage-" + revision, "any", revision);
  }

  static String message(NodeState ns, String type) {
    return ns.getStatus().conditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .map(c -> String.valueOf(c.getMessage()))
        .orElse("");
  }
}
