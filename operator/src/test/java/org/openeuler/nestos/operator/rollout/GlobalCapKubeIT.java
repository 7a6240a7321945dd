package org.openeuler.nestos.operator.rollout;

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
      GlobalCapMockTest.twoRolloutsAtOnceUnderACapOfTwo(h, Duration.ofMinutes(2));
    }
  }
}
