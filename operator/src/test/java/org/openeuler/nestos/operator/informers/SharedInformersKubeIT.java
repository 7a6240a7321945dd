package org.openeuler.nestos.operator.informers;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.controlplane.RealControlPlane;

/**
 * {@link SharedInformersScenarios} on the real kube-apiserver (issue 7; one control plane shared by
 * the tier).
 */
class SharedInformersKubeIT {

  SharedInformersScenarios scenarios;

  @BeforeEach
  void start() {
    scenarios = new SharedInformersScenarios(RealControlPlane.shared().adminConfig());
  }

  @AfterEach
  void stop() {
    scenarios.close();
  }

  @Test
  void sourcesOfOneTypeShareOneListAndWatch() {
    scenarios.sourcesOfOneTypeShareOneListAndWatch();
  }

  @Test
  void theInformerLivesAsLongAsItsSources() {
    scenarios.theInformerLivesAsLongAsItsSources();
  }

  @Test
  void theOperatorWatchesEachTypeOnce() {
    scenarios.theOperatorWatchesEachTypeOnce();
  }
}
