package org.openeuler.nestos.operator.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.operator.OperatorConfig;

/** The operator's registry settings from its environment (NESTOS_REGISTRY_*). */
class RegistryCheckSettingsTest {

  @Test
  void defaultsCheckAndProceedWhenUnreachable() {
    assertThat(OperatorConfig.from(Map.of()).registry())
        .isEqualTo(new RegistryCheckSettings(true, false, null, Set.of()));
  }

  @Test
  void environmentSetsEveryField() {
    assertThat(
            OperatorConfig.from(
                    Map.of(
                        "NESTOS_REGISTRY_CHECK", "false",
                        "NESTOS_REGISTRY_ON_UNREACHABLE", "Block",
                        "NESTOS_REGISTRY_CA_FILE", "/etc/nestos/registry-ca/ca.crt",
                        "NESTOS_REGISTRY_PLAIN_HTTP", "mirror.lan:5000,10.0.0.5"))
                .registry())
        .isEqualTo(
            new RegistryCheckSettings(
                false,
                true,
                Path.of("/etc/nestos/registry-ca/ca.crt"),
                Set.of("mirror.lan:5000", "10.0.0.5")));
  }

  @Test
  void badValuesAreRefusedWithTheSetting() {
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("NESTOS_REGISTRY_ON_UNREACHABLE", "skip")))
        .hasMessage("--registry-on-unreachable is Proceed or Block, got skip");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("NESTOS_REGISTRY_CHECK", "no")))
        .hasMessage("--registry-check is true or false, got no");
  }
}
