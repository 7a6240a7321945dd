package org.openeuler.nestos.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.controlplane.RealControlPlane;

/**
 * {@link GlobalCapMockTest}'s scenario on a fresh upstream control plane (kube-apiserver + etcd):
 * two OSVersions created at once under an operator-wide cap of 2 never have more than 2 nodes
 * cordoned in the cluster, and both complete.
 */
class GlobalCapKubeIT {

  @Test
  void twoRolloutsAtOnceNeverCordonMoreThanTheGlobalCapAndBothComplete() {
    try (RealControlPlane cp =
            RealControlPlane.start(
                RealControlPlane.repoRoot(),
                Path.of("target/control-plane-global-cap").toAbsolutePath());
        RolloutHarness h = new RolloutHarness(cp, 4)) {
      RolloutSettings s = h.settings;
      h.settings =
          new RolloutSettings(
              s.statusInterval(),
              s.resync(),
              s.drainBackoff(),
              s.imageRetry(),
              2,
              s.drainThreads(),
              s.writeThreads());
      h.nodes("workers", 4, "w", "workers");
      h.nodes("infra", 4, "i", "infra");
      h.startOperator();
      h.osVersion("workers", "workers", "{\"maxUnavailable\":2}");
      h.osVersion("infra", "infra", "{\"maxUnavailable\":2}");

      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () ->
                  h.condition("workers", "Ready").equals("True/RolloutComplete")
                      && h.condition("infra", "Ready").equals("True/RolloutComplete"));
      assertThat(h.daemon.updated.get()).isEqualTo(8);
      assertThat(h.maxCordoned.get()).as("nodes cordoned at once in the cluster").isEqualTo(2);
    }
  }
}
