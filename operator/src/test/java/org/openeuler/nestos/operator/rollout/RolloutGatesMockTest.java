package org.openeuler.nestos.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.rollout.RolloutHarness.await;
import static org.openeuler.nestos.operator.rollout.RolloutWavesMockTest.sleepQuietly;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.OSVersion;
import org.openeuler.nestos.operator.image.ImageCheck;

/** Drain blocked by a PDB, failure budget and retry, pause, partition, windows, missing image. */
class RolloutGatesMockTest {

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

  boolean ready(String osv) {
    return h.condition(osv, "Ready").equals("True/RolloutComplete");
  }

  int updated(String osv) {
    OSVersion o = h.osv(osv);
    return o.getStatus() == null || o.getStatus().updatedNodes() == null
        ? 0
        : o.getStatus().updatedNodes();
  }

  @Test
  void pdbBlocksTheDrainUntilTheTimeoutThenDrainBlockedAndTheBudgetHolds() {
    h.nodes("workers", 3, "n");
    for (String pod : new String[] {"web-1", "web-2"}) {
      h.admin
          .pods()
          .inNamespace("apps")
          .resource(
              Serialization.unmarshal(
                  """
          {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"apps","labels":{"app":"web"},
           "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web","uid":"u-%s","controller":true}]},
           "spec":{"nodeName":"n0","containers":[{"name":"c","image":"x"}]},
           "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}"""
                      .formatted(pod, pod),
                  Pod.class))
          .create();
    }
    h.admin
        .resource(
            Serialization.unmarshal(
                """
        {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"web","namespace":"apps"},
         "spec":{"minAvailable":1,"selector":{"matchLabels":{"app":"web"}}}}""",
                PodDisruptionBudget.class))
        .create();
    h.startOperator();
    h.osVersion("workers", "{\"maxUnavailable\":1,\"drain\":{\"timeoutSeconds\":30}}");

    await(WAIT, "DrainBlocked event", () -> !h.events("DrainBlocked").isEmpty());
    await(WAIT, "the other nodes updated", () -> updated("workers") == 2);
    System.out.printf(
        "pdb: DrainBlocked=%s maxCordoned=%d%n",
        h.events("DrainBlocked").get(0).getMessage(), h.maxCordoned.get());
    assertThat(h.events("DrainBlocked").get(0).getMessage()).contains("until the timeout");
    assertThat(h.maxCordoned.get()).isEqualTo(1);
    assertThat(h.nodeState("n0").getSpec().disruption().ticket()).isNull();
    await(WAIT, "n0 uncordoned", () -> !h.cordoned.containsKey("n0"));
    assertThat(h.admin.pods().inNamespace("apps").list().getItems()).hasSize(1);
    assertThat(ready("workers")).as("n0 is still to do").isFalse();

    // retried later: once the budget allows the eviction and the drain backoff (injected clock) has
    // passed
    h.admin.resources(PodDisruptionBudget.class).inNamespace("apps").withName("web").delete();
    sleepQuietly(800);
    assertThat(h.nodeState("n0").getSpec().disruption().ticket())
        .as("not before the backoff")
        .isNull();
    h.clock.advance(Duration.ofMinutes(2));
    await(WAIT, "n0 drained and updated", () -> ready("workers") && updated("workers") == 3);
    assertThat(h.admin.pods().inNamespace("apps").list().getItems()).isEmpty();
    assertThat(h.maxCordoned.get()).isEqualTo(1);
    assertThat(h.daemon.claims.get("n0").get()).isEqualTo(1);
  }

  @Test
  void healthFailureIsCountedHaltsAtTheBudgetAndTheRetryAnnotationResumes() {
    h.daemon.failing.add("n0");
    h.nodes("workers", 4, "n");
    h.startOperator();
    h.osVersion("workers", "{\"maxUnavailable\":1,\"maxFailures\":0}");

    await(
        WAIT,
        "Stalled/FailureBudgetExceeded",
        () -> h.condition("workers", "Stalled").equals("True/FailureBudgetExceeded"));
    sleepQuietly(1000);
    assertThat(h.grantedNodes()).as("nothing new starts after the halt").isEqualTo(1);
    OSVersion halted = h.osv("workers");
    assertThat(halted.getStatus().failedNodes()).isEqualTo(1);
    assertThat(halted.getStatus().failures())
        .singleElement()
        .satisfies(f -> assertThat(f.name()).isEqualTo("n0"));
    assertThat(h.events("RolloutHalted")).isNotEmpty();
    assertThat(h.events("NodeRolledBack")).hasSize(1);
    await(WAIT, "rolled-back node uncordoned", () -> h.cordoned.isEmpty());

    h.patchOsVersion(
        "workers", "{\"metadata\":{\"annotations\":{\"nestos.openeuler.org/retry\":\"try-2\"}}}");
    await(WAIT, "the rest updated", () -> updated("workers") == 3);
    OSVersion after = h.osv("workers");
    System.out.printf(
        "retry: conditions=%s lastHandledRetry=%s at %s%n",
        after.getStatus().conditions().stream()
            .map(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
            .toList(),
        after.getStatus().lastHandledRetry(),
        after.getStatus().lastHandledRetryTime());
    assertThat(after.getStatus().lastHandledRetry()).isEqualTo("try-2");
    assertThat(after.getStatus().lastHandledRetryTime()).isNotNull();
    assertThat(h.condition("workers", "Stalled")).startsWith("False");
    assertThat(h.maxCordoned.get()).isEqualTo(1);
  }

  @Test
  void pausedStartsNothingAndResumes() {
    h.nodes("workers", 3, "n");
    h.startOperator();
    h.osVersion("workers", "{\"maxUnavailable\":2,\"paused\":true}");
    await(
        WAIT,
        "Reconciling/Paused",
        () -> h.condition("workers", "Reconciling").endsWith("/Paused"));
    sleepQuietly(1000);
    assertThat(h.maxCordoned.get()).isZero();
    assertThat(h.grantedNodes()).isZero();

    h.patchOsVersion("workers", "{\"spec\":{\"rollout\":{\"paused\":false}}}");
    await(WAIT, "Ready", () -> ready("workers"));
    assertThat(h.maxCordoned.get()).isBetween(1, 2);
  }

  @Test
  void partitionStopsAndRaisingItContinues() {
    h.nodes("workers", 4, "n");
    h.startOperator();
    h.osVersion("workers", "{\"maxUnavailable\":2,\"partition\":2}");
    await(
        WAIT,
        "PartitionReached",
        () ->
            h.condition("workers", "Reconciling").endsWith("/PartitionReached")
                && updated("workers") == 2);
    sleepQuietly(800);
    assertThat(h.daemon.updated.get()).isEqualTo(2);

    h.patchOsVersion("workers", "{\"spec\":{\"rollout\":{\"partition\":\"100%\"}}}");
    await(WAIT, "Ready", () -> ready("workers"));
    assertThat(h.daemon.updated.get()).isEqualTo(4);
  }

  @Test
  void closedWindowStartsNothingUntilTheInjectedClockOpensIt() {
    h.nodes("workers", 2, "n");
    LocalTime opens =
        LocalTime.ofInstant(h.clock.instant(), ZoneOffset.UTC)
            .plusHours(2)
            .withSecond(0)
            .withNano(0);
    h.startOperator();
    h.osVersion(
        "workers",
        "{\"maintenanceWindows\":[{\"startTime\":\"%02d:%02d\",\"durationMinutes\":60}]}"
            .formatted(opens.getHour(), opens.getMinute()));
    await(
        WAIT,
        "OutsideMaintenanceWindow",
        () -> h.condition("workers", "Reconciling").endsWith("/OutsideMaintenanceWindow"));
    sleepQuietly(800);
    assertThat(h.maxCordoned.get()).isZero();

    h.clock.advance(Duration.ofHours(2).plusMinutes(2));
    await(WAIT, "Ready", () -> ready("workers"));
    assertThat(h.daemon.updated.get()).isEqualTo(2);
  }

  @Test
  void missingImageStallsWithImageUnavailableAndTouchesNoNode() {
    h.images =
        (image, secret) -> new ImageCheck.Unavailable(image + " not found in the registry (404)");
    h.nodes("workers", 2, "n");
    h.startOperator();
    h.osVersion("workers", "{\"maxUnavailable\":2}");
    await(
        WAIT,
        "Stalled/ImageUnavailable",
        () -> h.condition("workers", "Stalled").equals("True/ImageUnavailable"));
    sleepQuietly(800);
    assertThat(h.condition("workers", "Ready")).isEqualTo("False/ImageUnavailable");
    assertThat(h.maxCordoned.get()).isZero();
    assertThat(h.grantedNodes()).isZero();
    assertThat(h.operatorWrites("nodes")).isZero();
    assertThat(h.operatorWrites("nodestates")).isZero();
    assertThat(h.events("ImageUnavailable")).hasSize(1);
  }

  @Test
  void aRegistryTheOperatorCannotReachDoesNotBlockTheRolloutAndShowsImageVerifiedFalse() {
    h.images =
        (image, secret) ->
            new ImageCheck.Unchecked(
                "registry registry.example unreachable from the operator: ConnectException",
                org.openeuler.nestos.api.ConditionReason.REGISTRY_UNREACHABLE);
    h.nodes("workers", 2, "n");
    h.startOperator();
    h.osVersion("workers", "{\"maxUnavailable\":2}");
    await(WAIT, "Ready", () -> ready("workers"));
    assertThat(h.daemon.updated.get()).isEqualTo(2);
    assertThat(h.condition("workers", "ImageVerified")).isEqualTo("False/RegistryUnreachable");
    assertThat(h.condition("workers", "Stalled")).startsWith("False/");
    assertThat(h.events("RegistryUnreachable")).hasSize(1);

    // once the registry answers, the condition goes
    h.images =
        (image, secret) -> new ImageCheck.Available("43.1", "c0ffee", "sha256:" + "d".repeat(64));
    h.osv("workers");
    h.admin
        .resources(OSVersion.class)
        .withName("workers")
        .edit(
            o -> {
              o.getMetadata().setLabels(java.util.Map.of("touched", "yes"));
              return o;
            });
    await(WAIT, "ImageVerified gone", () -> h.condition("workers", "ImageVerified").equals("-"));
  }

  @Test
  void selectorMatchingNothingIsReadyWithNoTargets() {
    h.startOperator();
    h.osVersion("workers", "{}");
    await(WAIT, "Ready/NoTargets", () -> h.condition("workers", "Ready").equals("True/NoTargets"));
  }
}
