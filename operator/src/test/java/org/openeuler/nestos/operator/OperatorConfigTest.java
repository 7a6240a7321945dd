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

    OperatorConfig c =
        OperatorConfig.from(
            Map.of(
                "POD_NAME", "op-0", "NESTOS_LEASE_NAME", "from-env", "NESTOS_METRICS_PORT", "9090"),
            "--lease-name=from-flag",
            "--rubik-configmap=rubik/cfg");
    assertThat(c.leaseName()).isEqualTo("from-flag");
    assertThat(c.metricsPort()).isEqualTo(9090);
    assertThat(c.rubik().configMapNamespace()).isEqualTo("rubik");
    assertThat(c.rubik().configMapName()).isEqualTo("cfg");
    assertThat(OperatorConfig.from(Map.of()).identity()).isNotBlank();
  }

  @Test
  void rejectsMalformedFlags() {
    assertThatThrownBy(() -> OperatorConfig.from(Map.of(), "lease"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OperatorConfig.from(Map.of(), "--rubik-daemonset=/noname"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theRubikTargetsComeFromTheChartsEnvironment() {
    // what helm/nestos-operator/templates/operator-deployment.yaml sets
    OperatorConfig c =
        OperatorConfig.from(
            Map.of(
                "NESTOS_RUBIK_NAMESPACE",
                "rubik-system",
                "NESTOS_RUBIK_CONFIGMAP",
                "rubik-config",
                "NESTOS_RUBIK_DAEMONSET",
                "rubik-agent"));
    assertThat(c.rubik())
        .isEqualTo(
            new org.openeuler.nestos.operator.policy.RubikModeRollout.Target(
                "rubik-system", "rubik-config", "rubik-system", "rubik-agent"));
    assertThat(
            OperatorConfig.from(Map.of(), "--rubik-daemonset=other/agent")
                .rubik()
                .daemonSetNamespace())
        .isEqualTo("other");
  }

  @Test
  void theGlobalCapComesFromTheChartsEnvironment() {
    assertThat(OperatorConfig.from(Map.of()).globalMaxUnavailable()).isZero();
    assertThat(
            OperatorConfig.from(Map.of("NESTOS_GLOBAL_MAX_UNAVAILABLE", "5"))
                .globalMaxUnavailable())
        .isEqualTo(5);
  }

  @Test
  void leaseTimingsDefaultToJosdksAndAreValidated() {
    OperatorConfig d = OperatorConfig.from(Map.of());
    assertThat(d.lease()).isEqualTo(OperatorConfig.LeaseTimings.defaults());
    assertThat(d.lease().duration()).isEqualTo(java.time.Duration.ofSeconds(15));
    OperatorConfig c =
        OperatorConfig.from(
            Map.of("NESTOS_LEASE_DURATION", "1m"),
            "--lease-renew-deadline=20",
            "--lease-retry-period=500ms");
    assertThat(c.lease())
        .isEqualTo(
            new OperatorConfig.LeaseTimings(
                java.time.Duration.ofMinutes(1),
                java.time.Duration.ofSeconds(20),
                java.time.Duration.ofMillis(500)));
    assertThatThrownBy(() -> OperatorConfig.from(Map.of(), "--lease-duration=5s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("renew deadline");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of(), "--lease-duration=soon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--lease-duration");
  }

  @Test
  void drainBackoffDefaultsToAMinuteAndComesFromTheChartsEnvironment() {
    assertThat(OperatorConfig.from(Map.of()).drainBackoff())
        .isEqualTo(java.time.Duration.ofMinutes(1));
    assertThat(OperatorConfig.from(Map.of("NESTOS_DRAIN_BACKOFF", "20s")).drainBackoff())
        .isEqualTo(java.time.Duration.ofSeconds(20));
    assertThat(OperatorConfig.from(Map.of(), "--drain-backoff=500ms").drainBackoff())
        .isEqualTo(java.time.Duration.ofMillis(500));
    assertThatThrownBy(() -> OperatorConfig.from(Map.of(), "--drain-backoff=0s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("drain backoff");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of(), "--drain-backoff=later"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--drain-backoff");
  }

  @Test
  void rubikInteropAndDrainPodDeletionComeFromTheChartsEnvironment() {
    OperatorConfig d = OperatorConfig.from(Map.of());
    assertThat(d.rubikInterop()).isTrue();
    assertThat(d.drainPodDeletion()).isTrue();
    OperatorConfig chart =
        OperatorConfig.from(
            Map.of("NESTOS_RUBIK_INTEROP", "false", "NESTOS_DRAIN_POD_DELETION", "false"));
    assertThat(chart.rubikInterop()).isFalse();
    assertThat(chart.drainPodDeletion()).isFalse();
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("NESTOS_RUBIK_INTEROP", "no")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--rubik-interop");
  }
}
