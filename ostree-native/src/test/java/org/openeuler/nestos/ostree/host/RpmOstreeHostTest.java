package org.openeuler.nestos.ostree.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentEdit;
import org.openeuler.nestos.ostree.core.rpmostree.RpmOstreeCommands;
import org.openeuler.nestos.ostree.testing.KillingCommandRunner;
import org.openeuler.nestos.ostree.testing.RecordingCommandRunner;
import org.openeuler.nestos.ostree.testing.RecordingCommandRunner.Reply;
import org.openeuler.nestos.ostree.testing.RpmOstreeFixtures;

/**
 * Exact argv of {@link RpmOstreeHost} against replayed {@code rpm-ostree status --json} output
 * (fixtures derived from coreos/zincati tests/fixtures/rpm-ostree-oci-status.json and
 * rpm-ostree-staged.json; see src/test/resources/rpm-ostree/README.md).
 */
class RpmOstreeHostTest {

  static final String BOOTED_DIGEST =
      "sha256:c4a15145a232d882ccf2ed32d22c06c01a7cf62317eb966a98340ae4bd56dfa6";
  static final String STAGED_REF =
      "ostree-unverified-registry:registry.example.com/nestos/nfc@sha256:"
          + "1111111111111111111111111111111111111111111111111111111111111111";
  static final String BOOTED_REF =
      "ostree-unverified-registry:registry.example.com/nestos/nfc@" + BOOTED_DIGEST;
  static final String STAGED =
      RpmOstreeFixtures.read(RpmOstreeFixtures.CONTAINER_STAGED_PINNED_ROLLBACK);
  static final String BOOTED_ONLY = RpmOstreeFixtures.read(RpmOstreeFixtures.CONTAINER_BOOTED);
  static final String CLASSIC_STAGED =
      RpmOstreeFixtures.read(RpmOstreeFixtures.STAGED_LOCKED_CLASSIC);
  static final List<String> STATUS = RpmOstreeCommands.status();
  static final String KARGS =
      "BOOT_IMAGE=(hd0,gpt3)/ostree/nestos-1/vmlinuz rw root=UUID=6a1b ostree=/ostree/boot.1/x"
          + " console=tty0\n";

  final RecordingCommandRunner runner = new RecordingCommandRunner();
  final RpmOstreeHost host = new RpmOstreeHost(runner);

  @Test
  void statusReadsJsonAndEachDeploymentsKargs() {
    runner
        .on(STATUS, Reply.ok(STAGED))
        .on(RpmOstreeCommands.showKargs(0), Reply.ok(KARGS + " nosmt"))
        .on(RpmOstreeCommands.showKargs(1), Reply.ok(KARGS));
    var status = host.status();
    assertThat(runner.argvs())
        .containsExactly(
            STATUS,
            List.of("rpm-ostree", "kargs", "--deploy-index=0"),
            List.of("rpm-ostree", "kargs", "--deploy-index=1"),
            List.of("rpm-ostree", "kargs", "--deploy-index=2"));
    assertThat(status.staged().orElseThrow().kernelArguments()).endsWith("console=tty0", "nosmt");
    assertThat(status.booted().orElseThrow().imageDigest()).isEqualTo(BOOTED_DIGEST);
  }

  static final String ZINCATI = RpmOstreeFixtures.read(RpmOstreeFixtures.CONTAINER_BOOTED_ZINCATI);
  static final List<String> ZINCATI_STATE =
      List.of("systemctl", "show", "--property=ActiveState", "--value", "zincati.service");

  @Test
  void activeUpdateDriverRefusesStagingBeforeAnyRebase() {
    runner.on(STATUS, Reply.ok(ZINCATI)).on(ZINCATI_STATE, Reply.ok("active\n"));
    assertThatThrownBy(() -> host.stage(STAGED_REF, KernelArgumentEdit.NONE))
        .isInstanceOf(UpdateDriverRegisteredException.class)
        .hasMessageContaining("driven by Zincati (zincati.service, active)")
        .hasMessageContaining("systemctl disable --now zincati.service")
        .hasMessageContaining("NESTOS_BYPASS_UPDATE_DRIVER=true");
    assertThat(runner.argvs()).containsExactly(STATUS, ZINCATI_STATE);
  }

  @Test
  void failedUpdateDriverStillBlocksAsRpmOstreeCountsIt() {
    runner.on(STATUS, Reply.ok(ZINCATI)).on(ZINCATI_STATE, Reply.ok("failed\n"));
    assertThatThrownBy(() -> host.stage(STAGED_REF, KernelArgumentEdit.NONE))
        .isInstanceOf(UpdateDriverRegisteredException.class);
    assertThat(runner.mutations()).isEmpty();
  }

  @Test
  void stoppedUpdateDriverDoesNotBlock() {
    runner
        .on(STATUS, Reply.ok(ZINCATI), Reply.ok(STAGED))
        .on(ZINCATI_STATE, Reply.ok("inactive\n"));
    host.stage(STAGED_REF, KernelArgumentEdit.NONE);
    assertThat(runner.mutations())
        .containsExactly(List.of("rpm-ostree", "rebase", "--lock-finalization", STAGED_REF));
  }

  @Test
  void bypassSettingRebasesWithBypassDriverWithoutAsking() {
    RpmOstreeHost bypassing = new RpmOstreeHost(runner, true);
    runner.on(STATUS, Reply.ok(ZINCATI), Reply.ok(STAGED));
    bypassing.stage(STAGED_REF, KernelArgumentEdit.NONE);
    assertThat(runner.argvs()).doesNotContain(ZINCATI_STATE);
    assertThat(runner.mutations())
        .containsExactly(
            List.of("rpm-ostree", "rebase", "--lock-finalization", "--bypass-driver", STAGED_REF));
  }

  @Test
  void bootIdIsReadThroughTheRunner() {
    runner.on(RpmOstreeCommands.readBootId(), Reply.ok("0f9a4c3e-6b1d-4c1e-9d59-0c1f2e3d4a5b\n"));
    assertThat(host.bootId()).isEqualTo("0f9a4c3e-6b1d-4c1e-9d59-0c1f2e3d4a5b");
    assertThat(runner.argvs()).containsExactly(List.of("cat", "/proc/sys/kernel/random/boot_id"));
  }

  @Test
  void theKernelCommandLineIsReadThroughTheRunnerAndEndsAtABareDoubleDash() {
    runner.on(
        RpmOstreeCommands.readKernelCommandLine(),
        Reply.ok("BOOT_IMAGE=(hd0,gpt3)/ostree/vmlinuz root=UUID=1 nosmt -- --init-arg\n"));
    assertThat(host.kernelCommandLine())
        .containsExactly("BOOT_IMAGE=(hd0,gpt3)/ostree/vmlinuz", "root=UUID=1", "nosmt");
    assertThat(runner.argvs()).containsExactly(List.of("cat", "/proc/cmdline"));
  }

  @Test
  void stageRebasesLockedThenEditsKargsLocked() {
    runner
        .on(STATUS, Reply.ok(BOOTED_ONLY), Reply.ok(STAGED))
        .on(RpmOstreeCommands.showKargs(0), Reply.ok(KARGS));
    host.stage(STAGED_REF, new KernelArgumentEdit(List.of(), List.of("console=ttyS0", "nosmt")));
    assertThat(runner.mutations())
        .containsExactly(
            List.of("rpm-ostree", "rebase", "--lock-finalization", STAGED_REF),
            List.of(
                "rpm-ostree",
                "kargs",
                "--lock-finalization",
                "--append=console=ttyS0",
                "--append-if-missing=nosmt"));
  }

  @Test
  void stagingTheStagedImageWithItsKargsIsANoOp() {
    runner
        .on(STATUS, Reply.ok(STAGED))
        .on(RpmOstreeCommands.showKargs(0), Reply.ok(KARGS + " nosmt"));
    host.stage(STAGED_REF, new KernelArgumentEdit(List.of(), List.of("nosmt")));
    assertThat(runner.mutations()).isEmpty();
  }

  @Test
  void stagingTheStagedImageWithOtherKargsOnlyEditsKargs() {
    runner
        .on(STATUS, Reply.ok(STAGED))
        .on(RpmOstreeCommands.showKargs(0), Reply.ok(KARGS + " nosmt"));
    host.stage(STAGED_REF, new KernelArgumentEdit(List.of("nosmt"), List.of()));
    assertThat(runner.mutations())
        .containsExactly(
            List.of("rpm-ostree", "kargs", "--lock-finalization", "--delete-if-present=nosmt"));
  }

  @Test
  void kargsOnlyChangeOnTheBootedImageSkipsTheRebase() {
    String booted =
        "ostree-remote-image:fedora:registry:quay.io/fedora/fedora-coreos@" + BOOTED_DIGEST;
    runner.on(STATUS, Reply.ok(BOOTED_ONLY)).on(RpmOstreeCommands.showKargs(0), Reply.ok(KARGS));
    host.stage(booted, new KernelArgumentEdit(List.of(), List.of("nosmt")));
    assertThat(runner.mutations())
        .containsExactly(
            List.of("rpm-ostree", "kargs", "--lock-finalization", "--append-if-missing=nosmt"));
  }

  @Test
  void differentImageThanTheStagedOneIsRebased() {
    runner.on(STATUS, Reply.ok(STAGED));
    host.stage(
        BOOTED_REF.replace(BOOTED_DIGEST, "sha256:" + "3".repeat(64)), KernelArgumentEdit.NONE);
    assertThat(runner.mutations())
        .containsExactly(
            List.of(
                "rpm-ostree",
                "rebase",
                "--lock-finalization",
                BOOTED_REF.replace(BOOTED_DIGEST, "sha256:" + "3".repeat(64))));
  }

  @Test
  void stageRefusesAnInvalidReferenceBeforeRunningAnything() {
    assertThatThrownBy(() -> host.stage("registry.example.com/nfc:latest", KernelArgumentEdit.NONE))
        .hasMessageContaining("unknown signature source");
    assertThat(runner.calls()).isEmpty();
  }

  @Test
  void failedRebaseSurfacesStderr() {
    runner
        .on(STATUS, Reply.ok(BOOTED_ONLY))
        .on(
            List.of("rpm-ostree", "rebase", "--lock-finalization", STAGED_REF),
            Reply.fail(
                1,
                "error: Creating importer: failed to invoke method OpenImage: manifest unknown"));
    assertThatThrownBy(() -> host.stage(STAGED_REF, KernelArgumentEdit.NONE))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("manifest unknown");
  }

  @Test
  void finalizeUsesTheStagedChecksum() {
    runner.on(STATUS, Reply.ok(STAGED));
    host.finalizeAndReboot("2f7e3b0cbb3ab5b4e5d1a6f0f2c3c8a3c1e5d9a4b7e2f1c0d3a6b9e8f7d6c5b4");
    assertThat(runner.mutations())
        .containsExactly(
            List.of(
                "rpm-ostree",
                "finalize-deployment",
                "2f7e3b0cbb3ab5b4e5d1a6f0f2c3c8a3c1e5d9a4b7e2f1c0d3a6b9e8f7d6c5b4"));
  }

  @Test
  void finalizeRefusesWhenThatChecksumIsNotStaged() {
    runner.on(STATUS, Reply.ok(CLASSIC_STAGED));
    assertThatThrownBy(
            () ->
                host.finalizeAndReboot(
                    "01f074cc6cd88d8d2b43f821da692f2367c101eb4377802cb35092bde0ef02f7"))
        .hasMessageContaining("no staged deployment");
    assertThat(runner.mutations()).isEmpty();
  }

  @Test
  void rollbackReboots() {
    runner.on(STATUS, Reply.ok(STAGED));
    host.rollback();
    assertThat(runner.mutations()).containsExactly(List.of("rpm-ostree", "rollback", "--reboot"));
  }

  @Test
  void theBootedDeploymentIsMadeTheDefaultWithoutARebootOnlyWhenItIsNotAlready() {
    // deployments[0] is not the booted one (after GRUB's fallback: the failed one): swapped back
    runner.on(STATUS, Reply.ok(STAGED));
    host.makeBootedDefault();
    assertThat(runner.mutations()).containsExactly(List.of("rpm-ostree", "rollback"));

    RecordingCommandRunner quiet = new RecordingCommandRunner();
    quiet.on(STATUS, Reply.ok(BOOTED_ONLY));
    new RpmOstreeHost(quiet).makeBootedDefault();
    assertThat(quiet.mutations()).isEmpty();
  }

  @Test
  void rollbackWithoutRollbackDeploymentIsRefused() {
    runner.on(STATUS, Reply.ok(BOOTED_ONLY));
    assertThatThrownBy(host::rollback).hasMessageContaining("RollbackUnavailable");
    assertThat(runner.mutations()).isEmpty();
  }

  @Test
  void pinMapsChecksumToStatusIndex() {
    runner.on(STATUS, Reply.ok(STAGED));
    host.pin("93d0341726aec2fc96b2a956ee1486105f959305507b80e38c689e2abeb7a7e6");
    host.pin("01f074cc6cd88d8d2b43f821da692f2367c101eb4377802cb35092bde0ef02f7");
    assertThat(runner.mutations()).containsExactly(List.of("ostree", "admin", "pin", "1"));
    assertThatThrownBy(() -> host.pin("ffff")).hasMessageContaining("no deployment ffff");
  }

  @Test
  void cleanupRemovesPendingAndRollback() {
    host.cleanup();
    assertThat(runner.argvs()).containsExactly(List.of("rpm-ostree", "cleanup", "-p", "-r"));
  }

  // --- kills inside rpm-ostree operations (issue 11 g, h): the retried call recognises its work
  // ---

  static final String B = "b".repeat(64);
  static final String A = "a".repeat(64);
  static final List<String> REBOOT = List.of("systemctl", "reboot");

  /** One {@code rpm-ostree status --json} deployment entry. */
  static String deployment(
      String checksum, boolean booted, boolean staged, boolean locked, boolean pinned) {
    return "{\"osname\":\"nestos\",\"id\":\"nestos-"
        + checksum
        + ".0\",\"checksum\":\""
        + checksum
        + "\",\"container-image-reference\":\"ostree-unverified-registry:r.example/os@sha256:"
        + checksum
        + "\",\"booted\":"
        + booted
        + ",\"staged\":"
        + staged
        + (staged ? ",\"finalization-locked\":" + locked : "")
        + ",\"pinned\":"
        + pinned
        + "}";
  }

  static String status(String... deployments) {
    return "{\"deployments\":[" + String.join(",", deployments) + "]}";
  }

  @Test
  void aFinalizeKilledAfterItUnlockedOnlyRebootsWhenRetried() {
    RecordingCommandRunner rpmOstree = new RecordingCommandRunner();
    rpmOstree.on(
        STATUS,
        Reply.ok(
            status(
                deployment(B, false, true, true, false), deployment(A, true, false, false, true))),
        // finalize-deployment unlocked the staged deployment, then the process died before the
        // reboot
        Reply.ok(
            status(
                deployment(B, false, true, false, false),
                deployment(A, true, false, false, true))));
    KillingCommandRunner killing = new KillingCommandRunner(rpmOstree).arm(1);
    RpmOstreeHost killed = new RpmOstreeHost(killing);
    assertThatThrownBy(() -> killed.finalizeAndReboot(B))
        .isInstanceOf(KillingCommandRunner.Killed.class);
    killed.finalizeAndReboot(B);
    assertThat(rpmOstree.mutations())
        .containsExactly(List.of("rpm-ostree", "finalize-deployment", B), REBOOT);
  }

  @Test
  void aFinalizedPendingDeploymentOnlyNeedsTheReboot() {
    runner.on(
        STATUS,
        Reply.ok(
            status(
                deployment(B, false, false, false, false),
                deployment(A, true, false, false, true))));
    host.finalizeAndReboot(B);
    assertThat(runner.mutations()).containsExactly(REBOOT);
  }

  @Test
  void aRollbackKilledAfterItSwappedIsNotSwappedBackWhenRetried() {
    RecordingCommandRunner rpmOstree = new RecordingCommandRunner();
    rpmOstree.on(
        STATUS,
        Reply.ok(
            status(
                deployment(B, true, false, false, false),
                deployment(A, false, false, false, true))),
        // rpm-ostree rollback swapped the default to A, then the process died before the reboot:
        // A is pending ahead of the booted B
        Reply.ok(
            status(
                deployment(A, false, false, false, true),
                deployment(B, true, false, false, false))));
    KillingCommandRunner killing = new KillingCommandRunner(rpmOstree).arm(1);
    RpmOstreeHost killed = new RpmOstreeHost(killing);
    assertThatThrownBy(killed::rollback).isInstanceOf(KillingCommandRunner.Killed.class);
    killed.rollback();
    assertThat(rpmOstree.mutations())
        .containsExactly(List.of("rpm-ostree", "rollback", "--reboot"), REBOOT);
  }
}
