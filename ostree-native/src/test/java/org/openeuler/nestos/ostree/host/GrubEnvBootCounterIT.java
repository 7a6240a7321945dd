package org.openeuler.nestos.ostree.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.ostree.core.boot.BootCounting;
import org.openeuler.nestos.ostree.core.boot.GrubBootCounting;

/**
 * {@link GrubEnvBootCounter} with Debian's real {@code grub-editenv} (grub-common) on a real GRUB
 * environment block: armed, booted three times by GRUB's rules without reaching userspace, the
 * fallback recognised, cleared; and marked good after a healthy boot.
 */
class GrubEnvBootCounterIT {

  static final String EDITENV = "/usr/bin/grub-editenv";

  @TempDir Path dir;
  Path grubenv;
  ProcessCommandRunner runner = new ProcessCommandRunner(HostNamespace.NONE);
  GrubEnvBootCounter counter;

  @BeforeEach
  void create() {
    grubenv = dir.resolve("grubenv");
    runner.run(Command.of(EDITENV, grubenv.toString(), "create")).orThrow();
    counter = new GrubEnvBootCounter(runner, EDITENV, grubenv.toString());
  }

  /** GRUB's boot: its rules applied to the block, saved back as GRUB's save_env would. */
  int grubBoots() {
    Map<String, String> before = counter.read();
    GrubBootCounting.Boot boot = GrubBootCounting.boot(before);
    for (String name : new String[] {GrubBootCounting.COUNTER, GrubBootCounting.SUCCESS}) {
      String v = boot.envAfter().get(name);
      if (v != null && !v.equals(before.get(name))) {
        runner.run(Command.of(EDITENV, grubenv.toString(), "set", name + "=" + v)).orThrow();
      }
    }
    return boot.entry();
  }

  @Test
  void anUpdateThatNeverBootsFallsBackOnTheFourthBootAndIsRecognised() throws Exception {
    runner.run(Command.of(EDITENV, grubenv.toString(), "set", "saved_entry=ostree-2")).orThrow();
    counter.arm(3);
    assertThat(counter.read())
        .containsEntry("boot_counter", "3")
        .containsEntry("boot_success", "0")
        .containsEntry("saved_entry", "ostree-2");
    assertThat(grubBoots()).isZero();
    assertThat(BootCounting.classify(counter.read(), 3)).isEqualTo(BootCounting.Outcome.TRIAL);
    assertThat(grubBoots()).isZero();
    assertThat(grubBoots()).isZero();
    assertThat(grubBoots()).as("the fourth boot").isEqualTo(GrubBootCounting.FALLBACK_ENTRY);
    assertThat(BootCounting.classify(counter.read(), 3)).isEqualTo(BootCounting.Outcome.FALLBACK);

    counter.disarm();
    assertThat(counter.read())
        .doesNotContainKey("boot_counter")
        .containsEntry("saved_entry", "ostree-2");
    assertThat(grubBoots()).isZero();
    // still GRUB's block: 1024 bytes with its header
    byte[] block = Files.readAllBytes(grubenv);
    assertThat(block).hasSize(1024);
    assertThat(new String(block, StandardCharsets.US_ASCII))
        .startsWith("# GRUB Environment Block\n");
  }

  @Test
  void aHealthyBootIsMarkedGoodAndGrubStopsCounting() {
    counter.arm(2);
    assertThat(grubBoots()).isZero();
    counter.markSuccess();
    Map<String, String> env = new LinkedHashMap<>(counter.read());
    assertThat(env).doesNotContainKey("boot_counter").containsEntry("boot_success", "1");
    assertThat(BootCounting.classify(env, 2)).isEqualTo(BootCounting.Outcome.NOT_ARMED);
    for (int i = 0; i < 4; i++) {
      assertThat(grubBoots()).isZero();
    }
  }

  @Test
  void aMissingOrForeignFileIsAnErrorNotASilentSuccess() throws Exception {
    Path foreign = dir.resolve("not-grubenv");
    Files.writeString(foreign, "x".repeat(1024));
    GrubEnvBootCounter bad = new GrubEnvBootCounter(runner, EDITENV, foreign.toString());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> bad.arm(3))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("invalid environment block");
  }
}
