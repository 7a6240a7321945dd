package org.openeuler.nestos.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.rollout.RolloutWavesMockTest.sleepQuietly;
import static org.openeuler.nestos.operator.rollout.RuntimeHarness.await;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two operator replicas ({@link org.openeuler.nestos.operator.OperatorRuntime}, Lease leader
 * election) mid-rollout: the leader is stopped gracefully, later the next leader is killed; each
 * new leader plans only while it holds the Lease, and the rollout completes without exceeding
 * maxUnavailable or issuing a second ticket for a (node, revision).
 */
class LeaderChangeMockTest {

  static final Duration WAIT = Duration.ofSeconds(40);
  RuntimeHarness h;

  @BeforeEach
  void start() {
    h = new RuntimeHarness();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void leaderStoppedThenKilledMidRolloutResumesWithinTheBudgetWithoutReGranting() {
    h.daemon.hold = true;
    h.startReplica("op-a");
    await(WAIT, "op-a leads", () -> "op-a".equals(h.leaseHolder()));
    h.startReplica("op-b");
    h.nodes(6, "n");
    await(WAIT, "every node booted", () -> h.bootedNodes() == 6);
    h.osVersion("workers", "pool", "workers", "{\"maxUnavailable\":2}");

    // wave 1 under op-a
    await(WAIT, "wave 1 claimed", () -> h.daemon.held.size() == 2);
    Set<String> wave1 = new TreeSet<>(h.daemon.held);
    assertThat(h.writesBy("op-b")).as("a follower writes nothing but its Lease attempts").isZero();
    assertThat(h.reconciles.get("op-b").get()).as("a follower never reconciles").isZero();

    // graceful stop: the Lease is released on the way out, op-b takes over at its next retry
    h.stop("op-a");
    long writesOfA = h.writesBy("op-a");
    assertThat(h.leaseHolder()).as("released or already taken over").isIn(null, "", "op-b");
    await(WAIT, "op-b leads", () -> "op-b".equals(h.leaseHolder()));
    await(WAIT, "op-b reconciled", () -> h.reconciles.get("op-b").get() > 0);
    sleepQuietly(1500);
    assertThat(h.grantedNodes()).as("nothing new while wave 1 reboots").isEqualTo(2);
    assertThat(h.cordoned.keySet()).isEqualTo(wave1);

    // wave 2 under op-b, with op-c as the follower
    h.startReplica("op-c");
    h.daemon.releaseAll();
    await(WAIT, "wave 2 claimed", () -> h.daemon.held.size() == 2 && h.daemon.updated.get() == 2);
    Set<String> wave2 = new TreeSet<>(h.daemon.held);
    assertThat(wave2).doesNotContainAnyElementsOf(wave1);
    assertThat(h.writesBy("op-c")).isZero();

    // kill -9 of op-b: nothing released, op-c waits for the Lease to expire
    h.kill("op-b");
    var lease =
        h.admin.leases().inNamespace("default").withName(RuntimeHarness.LEASE).get().getSpec();
    assertThat(lease.getHolderIdentity())
        .as("a killed leader releases nothing")
        .isIn("op-b", "op-c");
    if ("op-b".equals(lease.getHolderIdentity())) {
      assertThat(lease.getLeaseDurationSeconds()).isEqualTo(4);
    }
    await(WAIT, "op-c leads after the lease expired", () -> "op-c".equals(h.leaseHolder()));
    await(WAIT, "op-c reconciled", () -> h.reconciles.get("op-c").get() > 0);
    sleepQuietly(1500);
    assertThat(h.grantedNodes()).as("nothing new while wave 2 reboots").isEqualTo(4);
    assertThat(h.cordoned.keySet()).isEqualTo(wave2);

    h.daemon.hold = false;
    await(
        WAIT,
        "Ready=True",
        () -> {
          h.daemon
              .releaseAll(); // a claim that saw hold=true just before it changed may still land in
          // held
          return h.condition("workers", "Ready").equals("True/RolloutComplete")
              && h.osv("workers").getStatus().updatedNodes() == 6;
        });
    await(WAIT, "all uncordoned", () -> h.cordoned.isEmpty());
    System.out.printf(
        "leader change: wave1=%s wave2=%s maxUnavailable=%d tickets=%d reconciles=%s%n",
        wave1, wave2, h.maxUnavailable.get(), h.tickets.size(), h.reconciles);
    assertThat(h.maxUnavailable.get()).isEqualTo(2);
    assertThat(h.reissuedTickets()).isEmpty();
    assertThat(h.foreignTickets).isEmpty();
    assertThat(h.tickets).hasSize(6);
    assertThat(h.daemon.claims.values()).allMatch(c -> c.get() == 1).hasSize(6);
    assertThat(h.daemon.reboots.values()).allMatch(c -> c.get() == 1).hasSize(6);
    assertThat(h.reconciledWithoutLease).isEmpty();
    assertThat(h.writesBy("op-a")).as("nothing written after a graceful stop").isEqualTo(writesOfA);
    assertThat(h.lostLeadership).isEmpty();
  }
}
