package org.openeuler.nestos.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.simulator.Cr.await;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.ostree.testing.InMemoryOsHost;
import org.openeuler.nestos.ostree.testing.TestKeys;

/**
 * An {@code OstreeRemote} image policy with keys through the whole system: the operator copies the
 * policy into each NodeState, and each node's daemon configures the remote with the keys before
 * staging the image under the {@code ostree-remote-registry:} transport (the simulated host does
 * not check signatures; the real-ostree ITs do).
 */
class SignedImageRolloutE2E {

  static final Duration WAIT = Duration.ofSeconds(60);
  SimulatedCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  static String policy(String key) {
    String indented =
        key.strip().lines().map(l -> "        " + l).collect(Collectors.joining("\n"));
    return "  imagePolicy:\n    verification: OstreeRemote\n    ostreeRemote:\n      name: nestos\n      keys:\n"
        + "      - |\n"
        + indented
        + "\n";
  }

  @Test
  void eachDaemonAddsTheRemoteWithThePolicysKeysBeforeStaging() throws Exception {
    cluster = SimulatedCluster.start(SimulatedCluster.Options.nodes(2));
    String image = cluster.osImage("24.03.3-signed");
    Cr.apply(
        cluster,
        Cr.osVersion("workers", image, "maxUnavailable: 2", 30, 1) + policy(TestKeys.PUBLIC_KEY));

    await(
        cluster,
        WAIT,
        "OSVersion Ready",
        () -> "True/RolloutComplete".equals(Cr.condition(cluster, "workers", "Ready")));
    for (SimulatedNode n : cluster.nodes()) {
      assertThat(n.booted().imageReference())
          .as(n.name())
          .isEqualTo("ostree-remote-registry:nestos:" + image);
      assertThat(n.os().remotes())
          .as(n.name() + " remotes")
          .containsExactly(
              java.util.Map.entry(
                  "nestos",
                  new InMemoryOsHost.RemoteState(List.of(TestKeys.PUBLIC_KEY.strip()), true)));
      assertThat(n.reboots()).isEqualTo(1);
    }
  }
}
