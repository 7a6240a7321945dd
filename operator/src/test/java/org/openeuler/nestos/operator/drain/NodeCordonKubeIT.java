package org.openeuler.nestos.operator.drain;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.controlplane.RealControlPlane;

/**
 * {@link NodeCordonScenarios} on the real kube-apiserver (issue 7; one control plane shared by the
 * tier).
 */
class NodeCordonKubeIT {

  NodeCordonScenarios scenarios;

  @BeforeEach
  void start() {
    scenarios = new NodeCordonScenarios(RealControlPlane.shared().adminConfig());
  }

  @AfterEach
  void stop() {
    scenarios.close();
  }

  @Test
  void cordonOfTheNodeAsReadIsOneRequest() {
    scenarios.cordonOfTheNodeAsReadIsOneRequest();
  }

  @Test
  void cordonOfAStaleNodeFallsBackToReadAndEdit() {
    scenarios.cordonOfAStaleNodeFallsBackToReadAndEdit();
  }

  @Test
  void uncordonFromTheCacheIsOneRequest() {
    scenarios.uncordonFromTheCacheIsOneRequest();
  }

  @Test
  void aCacheBehindFallsBackToReadAndEdit() {
    scenarios.aCacheBehindFallsBackToReadAndEdit();
  }

  @Test
  void someoneElsesCordonIsLeftAlone() {
    scenarios.someoneElsesCordonIsLeftAlone();
  }

  @Test
  void aStaleCopyNeverOverridesSomeoneElsesCordon() {
    scenarios.aStaleCopyNeverOverridesSomeoneElsesCordon();
  }

  @Test
  void aDeletedNodeIsNotUncordoned() {
    scenarios.aDeletedNodeIsNotUncordoned();
  }
}
