package org.openeuler.nestos.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Two OSVersions created at once on disjoint pools, each allowed 2 unavailable nodes, under an
 * operator-wide cap of 2 (the chart's {@code globalMaxUnavailable}): their passes run concurrently
 * and each counts the other's issued cordons, so never more than 2 nodes are cordoned at once in
 * the cluster, and both rollouts complete (docs/rollout-reconciler.md, step 3).
 */
class GlobalCapMockTest {

  static final Duration WAIT = Duration.ofSeconds(60);
  RolloutHarness h;

  @BeforeEach
  void start() {
    h = new RolloutHarness();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @RepeatedTest(3)
  void twoRolloutsAtOnceNeverCordonMoreThanTheGlobalCapAndBothComplete() {
    twoRolloutsAtOnceUnderACapOfTwo(h, WAIT);
  }

  /**
   * The scenario, on the stand-in here and on the upstream control plane in {@code
   * GlobalCapKubeIT}.
   */
  static void twoRolloutsAtOnceUnderACapOfTwo(RolloutHarness h, Duration wait) {
    h.settings = h.settings.withGlobalMaxDisruptions(2);
    h.nodes("workers", 4, "w", "workers");
    h.nodes("infra", 4, "i", "infra");
    h.startOperator();
    h.osVersion("workers", "workers", "{\"maxUnavailable\":2}");
    h.osVersion("infra", "infra", "{\"maxUnavailable\":2}");

    await()
        .atMost(wait)
        .until(
            () ->
                h.condition("workers", "Ready").equals("True/RolloutComplete")
                    && h.condition("infra", "Ready").equals("True/RolloutComplete"));
    assertThat(h.daemon.updated.get()).isEqualTo(8);
    assertThat(h.maxCordoned.get()).as("nodes cordoned at once in the cluster").isEqualTo(2);
    await().atMost(wait).until(() -> h.cordoned.isEmpty());
  }
}
