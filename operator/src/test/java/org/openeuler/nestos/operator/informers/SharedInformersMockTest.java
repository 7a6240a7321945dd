package org.openeuler.nestos.operator.informers;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.apiserver.TestApiServer;

/** {@link SharedInformersScenarios} on the test API server. */
class SharedInformersMockTest {

  TestApiServer server;
  SharedInformersScenarios scenarios;

  @BeforeEach
  void start() {
    server = TestApiServer.start();
    scenarios = new SharedInformersScenarios(server.clientConfig());
  }

  @AfterEach
  void stop() {
    scenarios.close();
    server.close();
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
