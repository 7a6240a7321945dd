package org.openeuler.nestos.operator.drain;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.apiserver.TestApiServer;

/** {@link NodeCordonScenarios} on the test API server. */
class NodeCordonMockTest {

  TestApiServer server;
  NodeCordonScenarios scenarios;

  @BeforeEach
  void start() {
    server = TestApiServer.start();
    scenarios = new NodeCordonScenarios(server.clientConfig());
  }

  @AfterEach
  void stop() {
    scenarios.close();
    server.close();
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
