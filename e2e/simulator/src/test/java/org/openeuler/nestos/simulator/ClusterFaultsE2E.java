package org.openeuler.nestos.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.simulator.Cr.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.ostree.core.status.Deployment;

/**
 * Faults in the middle of a rollout: the operator restarts, a node loses power with an update
 * staged.
 */
class ClusterFaultsE2E {

  static final Duration WAIT = Duration.ofSeconds(60);
  SimulatedCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void operatorRestartAndAPowerLossOnAStagedNodeStillEndWithOneUpdateRebootPerNode()
      throws Exception {
    cluster = SimulatedCluster.start(SimulatedCluster.Options.nodes(4));
    String image = cluster.osImage("24.03.1");
    String digest = image.substring(image.indexOf('@') + 1);
    Cr.apply(
        cluster,
        Cr.osVersion(
            "workers",
            image,
            "maxUnavailable: 1\n    staging:\n      policy: Eager\n      maxConcurrent: 4",
            30,
            2));

    // wait until the first node updates and some other node has the update staged but not yet
    // granted
    await(
        cluster,
        WAIT,
        "one node updated, another staged",
        () ->
            cluster.nodes().stream().anyMatch(n -> n.reboots() == 1)
                && cluster.nodes().stream()
                    .anyMatch(n -> n.reboots() == 0 && n.os().status().staged().isPresent()));
    SimulatedNode victim =
        cluster.nodes().stream()
            .filter(n -> n.reboots() == 0 && n.os().status().staged().isPresent())
            .findFirst()
            .orElseThrow();
    cluster.stopOperator();
    victim.unplannedReboot();
    await(
        cluster,
        WAIT,
        victim.name() + " back up",
        () -> victim.daemonStarts() == 2 && victim.daemonSynced());
    assertThat(victim.booted().imageDigest())
        .as("the locked staged deployment was not finalized")
        .isNotEqualTo(digest);
    // (the restarted daemon stages the update again: its Stage grant still stands)
    cluster.startOperator();

    await(
        cluster,
        WAIT,
        "OSVersion Ready",
        () ->
            "True/RolloutComplete".equals(Cr.condition(cluster, "workers", "Ready"))
                && cluster.availability().unavailableNow().isEmpty());
    for (SimulatedNode n : cluster.nodes()) {
      Deployment booted = n.booted();
      assertThat(booted.imageDigest()).as(n.name()).isEqualTo(digest);
      assertThat(n.reboots()).as(n.name() + " reboots").isEqualTo(n == victim ? 2 : 1);
    }
    assertThat(cluster.availability().maxCordoned()).as("nodes cordoned at once").isEqualTo(1);
  }
}
