package org.openeuler.nestos.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The daemon's settings: the update-driver bypass (off unless explicitly true), boot counting. */
class DaemonSettingsTest {

  @Test
  void bypassingZincatiIsExplicitOnly() {
    Map<String, String> env = Map.of("NODE_NAME", "n1");
    assertThat(DaemonMain.Settings.parse(new String[0], env).bypassUpdateDriver()).isFalse();
    assertThat(
            DaemonMain.Settings.parse(
                    new String[0], Map.of("NODE_NAME", "n1", "NESTOS_BYPASS_UPDATE_DRIVER", "true"))
                .bypassUpdateDriver())
        .isTrue();
    assertThat(
            DaemonMain.Settings.parse(new String[] {"--bypass-update-driver=false"}, env)
                .bypassUpdateDriver())
        .isFalse();
    assertThatThrownBy(
            () -> DaemonMain.Settings.parse(new String[] {"--bypass-update-driver=yes"}, env))
        .hasMessage("--bypass-update-driver is true or false, got yes");
  }

  @Test
  void bootCountingIsOffByDefaultAndTakesOneToNinetyNineAttempts() {
    Map<String, String> env = Map.of("NODE_NAME", "n1");
    DaemonMain.Settings plain = DaemonMain.Settings.parse(new String[0], env);
    assertThat(plain.bootAttempts()).isZero();
    assertThat(plain.grubenv()).isEqualTo("/boot/grub2/grubenv");
    DaemonMain.Settings on =
        DaemonMain.Settings.parse(
            new String[0],
            Map.of(
                "NODE_NAME", "n1", "NESTOS_BOOT_ATTEMPTS", "3", "NESTOS_GRUBENV", "/boot/grubenv"));
    assertThat(on.bootAttempts()).isEqualTo(3);
    assertThat(on.grubenv()).isEqualTo("/boot/grubenv");
    for (String bad : new String[] {"-1", "100", "three"}) {
      assertThatThrownBy(
              () -> DaemonMain.Settings.parse(new String[] {"--boot-attempts=" + bad}, env))
          .hasMessage("--boot-attempts is 0 (no boot counting) to 99, got " + bad);
    }
  }
}
