package org.openeuler.nestos.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.rollout.RolloutHarness.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.OSVersion;

/**
 * Waves, restart mid-rollout and kargs-only reboots against the test API server with simulated
 * daemons.
 */
class RolloutWavesMockTest {

  static final Duration WAIT = Duration.ofSeconds(30);
  RolloutHarness h;

  @BeforeEach
  void start() {
    h = new RolloutHarness();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  /** Releases held reboots wave by wave; returns the wave sizes. */
  List<Integer> runWaves(int total, int maxUnavailable) {
    List<Integer> waves = new ArrayList<>();
    int done = 0;
    int base = h.daemon.updated.get();
    while (done < total) {
      int expected = Math.min(maxUnavailable, total - done);
      int d = base + done;
      await(
          WAIT,
          "wave " + (waves.size() + 1) + " of " + expected + " claimed",
          () -> h.daemon.held.size() == expected && h.daemon.updated.get() == d);
      assertThat(h.cordoned.size())
          .as("nodes cordoned while the wave reboots")
          .isLessThanOrEqualTo(maxUnavailable);
      waves.add(h.daemon.held.size());
      h.daemon.releaseAll();
      done += expected;
    }
    return waves;
  }

  /**
   * Every step is driven by an event, none by the periodic resync (set to an hour here): a finished
   * drain triggers the pass that grants, a reported update the pass that uncordons and, in the same
   * pass, cordons the next nodes.
   */
  @Test
  void progressesWithoutThePeriodicResync() {
    h.settings = h.settings.withResync(Duration.ofHours(1));
    h.nodes("workers", 6, "n");
    h.startOperator();
    h.osVersion("workers", "{\"maxUnavailable\":2}");

    await(WAIT, "Ready=True", () -> h.condition("workers", "Ready").equals("True/RolloutComplete"));
    assertThat(h.daemon.updated.get()).isEqualTo(6);
    assertThat(h.maxCordoned.get()).as("max nodes cordoned at once").isLessThanOrEqualTo(2);
    assertThat(h.daemon.reboots.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(h.cordoned).isEmpty();
  }

  @Test
  void tenNodesWithMaxUnavailableThreeCompleteInFourWavesAndEndReady() {
    h.daemon.hold = true;
    h.nodes("workers", 10, "n");
    h.startOperator();
    h.osVersion("workers", "{\"maxUnavailable\":3}");

    List<Integer> waves = runWaves(10, 3);

    await(WAIT, "Ready=True", () -> h.condition("workers", "Ready").equals("True/RolloutComplete"));
    OSVersion osv = h.osv("workers");
    System.out.printf(
        "waves=%s maxCordoned=%d writes=%d%n", waves, h.maxCordoned.get(), h.operatorWrites());
    assertThat(waves).containsExactly(3, 3, 3, 1);
    assertThat(h.maxCordoned.get()).isEqualTo(3);
    assertThat(osv.getStatus().updatedNodes()).isEqualTo(10);
    assertThat(osv.getStatus().targetNodes()).isEqualTo(10);
    assertThat(osv.getStatus().version()).isEqualTo("43.1");
    assertThat(osv.getStatus().observedGeneration()).isEqualTo(osv.getMetadata().getGeneration());
    assertThat(osv.getMetadata().getFinalizers()).contains("nestos.openeuler.org/rollout");
    await(WAIT, "all uncordoned", () -> h.cordoned.isEmpty());
    assertThat(h.daemon.reboots.values()).allMatch(c -> c.get() == 1).hasSize(10);
    assertThat(h.events("RolloutStarted")).hasSize(1);
    assertThat(h.events("RolloutCompleted")).hasSize(1);
    assertThat(h.events("RebootGranted")).hasSize(10);
    assertThat(h.events("NodeUpdated")).hasSize(10);
    // issue 15: every drain start is an event on its node
    assertThat(h.events("DrainStarted")).hasSize(10);
  }

  @Test
  void operatorRestartedMidRolloutResumesWithoutExceedingTheBudgetOrRegranting() {
    h.daemon.hold = true;
    h.nodes("workers", 6, "n");
    h.startOperator();
    h.osVersion("workers", "{\"maxUnavailable\":2}");
    await(WAIT, "first wave claimed", () -> h.daemon.held.size() == 2);
    Set<String> firstWave = new TreeSet<>(h.daemon.held);

    h.stopOperator();
    h.startOperator();
    // the new operator rebuilds in-flight work from tickets and cordons: nothing new may start
    await(WAIT, "status after restart", () -> h.osv("workers").getStatus().updatingNodes() == 2);
    sleepQuietly(1500);
    assertThat(h.grantedNodes()).isEqualTo(2);
    assertThat(h.cordoned.keySet()).isEqualTo(firstWave);

    h.daemon.releaseAll();
    List<Integer> rest = runWaves(4, 2);
    await(WAIT, "Ready=True", () -> h.condition("workers", "Ready").equals("True/RolloutComplete"));
    System.out.printf(
        "restart: first wave=%s later waves=%s maxCordoned=%d%n",
        firstWave, rest, h.maxCordoned.get());
    assertThat(rest).containsExactly(2, 2);
    assertThat(h.maxCordoned.get()).isLessThanOrEqualTo(2);
    assertThat(h.daemon.claims.values()).allMatch(c -> c.get() == 1).hasSize(6);
  }

  @Test
  void kernelArgumentsOnlyChangeRebootsEachNodeOnceWithinTheBudget() {
    h.nodes("workers", 4, "n");
    h.startOperator();
    h.osVersion("workers", "{\"maxUnavailable\":2}");
    await(
        WAIT,
        "image rollout done",
        () -> h.condition("workers", "Ready").equals("True/RolloutComplete"));
    await(WAIT, "all uncordoned", () -> h.cordoned.isEmpty());
    h.maxCordoned.set(0);

    // the renderer adds a kernel argument: same image, new revision
    for (int i = 0; i < 4; i++) {
      h.admin
          .resources(org.openeuler.nestos.api.v1alpha1.NodeState.class)
          .withName("n" + i)
          .patch(
              io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                  io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
              "{\"spec\":{\"revision\":\"rev-kargs\",\"kernelArguments\":[{\"token\":\"nosmt\","
                  + "\"owners\":[\"NodeConfig/smt\"]}]}}");
    }
    await(
        WAIT,
        "kargs applied everywhere",
        () ->
            h.daemon.reboots.keySet().stream().filter(k -> k.endsWith("|rev-kargs")).count() == 4);
    await(
        WAIT,
        "Ready=True again",
        () ->
            h.condition("workers", "Ready").equals("True/RolloutComplete")
                && h.osv("workers").getStatus().updatedNodes() == 4);
    System.out.printf("kargs: reboots=%s maxCordoned=%d%n", h.daemon.reboots, h.maxCordoned.get());
    assertThat(h.daemon.reboots).allSatisfy((k, v) -> assertThat(v.get()).as(k).isEqualTo(1));
    assertThat(h.maxCordoned.get()).isBetween(1, 2);
  }

  @Test
  void statusWritesAreCoalescedPerIntervalAndNoOpWritesSkipped() {
    h.settings = h.settings.withStatusInterval(Duration.ofSeconds(1));
    List<Long> statusChanges = new java.util.concurrent.CopyOnWriteArrayList<>();
    var watch =
        h.admin
            .resources(OSVersion.class)
            .inform(
                new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
                  @Override
                  public void onAdd(OSVersion o) {}

                  @Override
                  public void onUpdate(OSVersion before, OSVersion after) {
                    if (!java.util.Objects.equals(before.getStatus(), after.getStatus())) {
                      statusChanges.add(System.nanoTime());
                    }
                  }

                  @Override
                  public void onDelete(OSVersion o, boolean unknown) {}
                });
    try {
      h.nodes("workers", 8, "n");
      h.startOperator();
      h.osVersion("workers", "{\"maxUnavailable\":4}");
      await(
          WAIT, "Ready=True", () -> h.condition("workers", "Ready").equals("True/RolloutComplete"));
      long writes = h.operatorWrites("osversions/status");
      sleepQuietly(1500); // three resyncs of an unchanged rollout
      List<Long> gaps = new ArrayList<>();
      for (int i = 1; i < statusChanges.size(); i++) {
        gaps.add((statusChanges.get(i) - statusChanges.get(i - 1)) / 1_000_000);
      }
      System.out.printf(
          "status: %d writes for %d node updates, gaps ms=%s%n",
          writes, h.daemon.updated.get(), gaps);
      assertThat(h.operatorWrites("osversions/status"))
          .as("no-op status writes are skipped")
          .isEqualTo(writes);
      assertThat(writes).as("status writes are coalesced, not one per node event").isLessThan(16);
      // the watch sees writes at least ~1 s apart (half of it as slack for watch delivery)
      assertThat(gaps).allSatisfy(g -> assertThat(g).isGreaterThanOrEqualTo(500L));
    } finally {
      watch.close();
    }
  }

  static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
