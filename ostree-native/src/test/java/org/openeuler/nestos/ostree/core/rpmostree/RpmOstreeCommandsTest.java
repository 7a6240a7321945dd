package org.openeuler.nestos.ostree.core.rpmostree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentEdit;
import org.openeuler.nestos.ostree.core.ref.OstreeImageReference;

/**
 * Exact argv. Flags checked against rpm-ostree's option tables
 * (src/app/rpmostree-builtin-kargs.cxx: append, replace, delete, append-if-missing,
 * delete-if-present, deploy-index, hidden lock-finalization;
 * rpmostree-builtin-finalize-deployment.cxx: CHECKSUM, --allow-missing-checksum, --allow-unlocked)
 * and Zincati's src/rpm_ostree/cli_deploy.rs ({@code deploy --lock-finalization --skip-branch-check
 * revision=<checksum>}).
 */
class RpmOstreeCommandsTest {

  static final String REF =
      "ostree-unverified-registry:registry.example.com/nestos/nfc@sha256:"
          + "1111111111111111111111111111111111111111111111111111111111111111";

  @Test
  void rpmOstreeCommands() {
    assertThat(RpmOstreeCommands.status()).containsExactly("rpm-ostree", "status", "--json");
    assertThat(RpmOstreeCommands.rebaseLocked(OstreeImageReference.parse(REF)))
        .containsExactly("rpm-ostree", "rebase", "--lock-finalization", REF);
    assertThat(RpmOstreeCommands.deployLocked("abc"))
        .containsExactly(
            "rpm-ostree", "deploy", "--lock-finalization", "--skip-branch-check", "revision=abc");
    assertThat(RpmOstreeCommands.finalizeDeployment("abc"))
        .containsExactly("rpm-ostree", "finalize-deployment", "abc");
    assertThat(RpmOstreeCommands.rollback(false)).containsExactly("rpm-ostree", "rollback");
    assertThat(RpmOstreeCommands.rollback(true))
        .containsExactly("rpm-ostree", "rollback", "--reboot");
    assertThat(RpmOstreeCommands.cleanup()).containsExactly("rpm-ostree", "cleanup", "-p", "-r");
    assertThat(RpmOstreeCommands.cleanupPending()).containsExactly("rpm-ostree", "cleanup", "-p");
    assertThat(RpmOstreeCommands.showKargs(1))
        .containsExactly("rpm-ostree", "kargs", "--deploy-index=1");
  }

  @Test
  void ostreeAndSystemdCommands() {
    assertThat(RpmOstreeCommands.pin(2)).containsExactly("ostree", "admin", "pin", "2");
    assertThat(RpmOstreeCommands.unpin(2))
        .containsExactly("ostree", "admin", "pin", "--unpin", "2");
    assertThat(RpmOstreeCommands.reboot()).containsExactly("systemctl", "reboot");
    assertThat(RpmOstreeCommands.readBootId())
        .containsExactly("cat", "/proc/sys/kernel/random/boot_id");
  }

  @Test
  void kargsDeletesThenAppendsAndUsesPlainAppendForRepeatedKeys() {
    KernelArgumentEdit edit =
        new KernelArgumentEdit(
            List.of("nosmt"),
            List.of(
                "console=ttyS0,115200n8",
                "mitigations=off",
                "hugepagesz=1G",
                "hugepages=4",
                "hugepagesz=2M"));
    List<String> target = List.of("rw", "console=tty0", "nosmt", "quiet");
    assertThat(RpmOstreeCommands.kargs(edit, target, true))
        .containsExactly(
            "rpm-ostree",
            "kargs",
            "--lock-finalization",
            "--delete-if-present=nosmt",
            "--append=console=ttyS0,115200n8",
            "--append-if-missing=mitigations=off",
            "--append-if-missing=hugepagesz=1G",
            "--append-if-missing=hugepages=4",
            "--append=hugepagesz=2M");
    assertThat(
            RpmOstreeCommands.kargs(
                new KernelArgumentEdit(List.of(), List.of("quiet")), List.of(), false))
        .containsExactly("rpm-ostree", "kargs", "--append-if-missing=quiet");
  }

  @Test
  void kargsReplace() {
    assertThat(RpmOstreeCommands.kargsReplace("console", "tty0", "ttyS0"))
        .containsExactly("rpm-ostree", "kargs", "--replace=console=tty0=ttyS0");
  }
}
