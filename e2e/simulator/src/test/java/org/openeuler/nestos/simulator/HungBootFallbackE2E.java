package org.openeuler.nestos.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.simulator.Cr.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.NodeFailure;
import org.openeuler.nestos.api.v1alpha1.OSVersion;

/**
 * A node whose new deployment never comes back (docs/boot-counting.md): on node-1 the new OS
 * version hangs at every boot, before the daemon could run. With boot counting on (3 attempts) GRUB
 * boots it three times, falls back to the previous deployment, and the daemon that starts there
 * ends the revision RolledBack (BootFailed) with the previous deployment the default again; the
 * operator counts the node failed and uncordons it, the other nodes update.
 */
class HungBootFallbackE2E {

  static final Duration WAIT = Duration.ofSeconds(60);
  SimulatedCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aDeploymentThatHangsAtBootIsLeftByGrubAndTheNodeReportsRolledBackBootFailed()
      throws Exception {
    cluster = SimulatedCluster.start(SimulatedCluster.Options.nodes(3));
    for (SimulatedNode n : cluster.nodes()) {
      n.bootCounting(3); // NESTOS_BOOT_ATTEMPTS=3, the chart's daemon.bootCounting.attempts
      n.stopDaemon();
      n.startDaemon();
    }
    String image = cluster.osImage("24.03.3");
    String digest = image.substring(image.indexOf('@') + 1);
    SimulatedNode victim = cluster.node("node-1");
    String oldDigest = victim.booted().imageDigest();
    victim.os().hangsAtBoot("24.03.3");
    Cr.apply(
        cluster, Cr.osVersion("workers", image, "maxUnavailable: 1\n    maxFailures: 1", 10, 1));

    await(
        cluster,
        WAIT,
        "node-1 failed, the others updated",
        () -> {
          OSVersion o = Cr.osv(cluster, "workers");
          return o != null
              && o.getStatus() != null
              && o.getStatus().failedNodes() == 1
              && o.getStatus().updatedNodes() == 2;
        });
    assertThat(victim.os().hungBoots()).as("boots of the new deployment that hung").isEqualTo(3);
    assertThat(victim.booted().imageDigest())
        .as("node-1 on the previous deployment")
        .isEqualTo(oldDigest);
    assertThat(victim.os().status().deployments().get(0).booted())
        .as("the previous deployment is the default again")
        .isTrue();
    assertThat(victim.os().bootCounter().read()).doesNotContainKey("boot_counter");
    assertThat(victim.reboots())
        .as("the update's reboot only: GRUB's retries are resets")
        .isEqualTo(1);
    NodeFailure failure = Cr.osv(cluster, "workers").getStatus().failures().get(0);
    assertThat(failure.name()).isEqualTo("node-1");
    assertThat(failure.reason()).isEqualTo("RolledBack");
    // the node's own report: Degraded=True/RolledBack, the message saying why
    var degraded =
        Cr.nodeState(cluster, "node-1").getStatus().conditions().stream()
            .filter(c -> c.getType().equals("Degraded"))
            .findFirst()
            .orElseThrow();
    assertThat(degraded.getStatus()).isEqualTo("True");
    assertThat(degraded.getReason()).isEqualTo("RolledBack");
    assertThat(degraded.getMessage()).startsWith("BootFailed: ").contains("within 3 attempts");
    System.out.printf(
        "node-1: %d hung boots, booted %s again; NodeState Degraded=%s/%s: %s%n",
        victim.os().hungBoots(),
        victim.booted().version(),
        degraded.getStatus(),
        degraded.getReason(),
        degraded.getMessage());
    for (SimulatedNode n : cluster.nodes()) {
      if (n != victim) {
        assertThat(n.booted().imageDigest()).as(n.name()).isEqualTo(digest);
        assertThat(n.os().hungBoots()).isZero();
      }
    }
    await(cluster, WAIT, "all uncordoned", () -> cluster.availability().unavailableNow().isEmpty());
    assertThat(cluster.availability().maxUnavailable()).isEqualTo(1);
  }
}
