package org.openeuler.nestos.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The daemon's update-driver bypass setting: off unless explicitly true. */
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
}
