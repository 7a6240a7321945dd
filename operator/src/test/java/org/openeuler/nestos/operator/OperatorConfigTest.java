package org.openeuler.nestos.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {

  @Test
  void defaultsEnvironmentAndFlags() {
    OperatorConfig d = OperatorConfig.from(Map.of("POD_NAME", "op-0", "POD_NAMESPACE", "nestos"));
    assertThat(d.identity()).isEqualTo("op-0");
    assertThat(d.leaseNamespace()).isEqualTo("nestos");
    assertThat(d.leaseName()).isEqualTo("nestos-operator");
    assertThat(d.leaderElection()).isTrue();
    assertThat(d.rubik().configMapNamespace()).isEqualTo("kube-system");
    assertThat(d.rubik().configMapName()).isEqualTo("rubik-config");

    OperatorConfig c = OperatorConfig.from(Map.of("POD_NAME", "op-0", "NESTOS_LEASE_NAME", "from-env",
        "NESTOS_METRICS_PORT", "9090"), "--lease-name=from-flag", "--rubik-configmap=rubik/cfg");
    assertThat(c.leaseName()).isEqualTo("from-flag");
    assertThat(c.metricsPort()).isEqualTo(9090);
    assertThat(c.rubik().configMapNamespace()).isEqualTo("rubik");
    assertThat(c.rubik().configMapName()).isEqualTo("cfg");
    assertThat(OperatorConfig.from(Map.of()).identity()).isNotBlank();
  }

  @Test
  void rejectsMalformedFlags() {
    assertThatThrownBy(() -> OperatorConfig.from(Map.of(), "lease")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OperatorConfig.from(Map.of(), "--rubik-daemonset=noslash"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theGlobalCapComesFromTheChartsEnvironment() {
    assertThat(OperatorConfig.from(Map.of()).globalMaxUnavailable()).isZero();
    assertThat(OperatorConfig.from(Map.of("NESTOS_GLOBAL_MAX_UNAVAILABLE", "5")).globalMaxUnavailable()).isEqualTo(5);
  }
}
