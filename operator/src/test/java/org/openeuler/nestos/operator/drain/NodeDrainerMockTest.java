package org.openeuler.nestos.operator.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.Annotations;
import org.openeuler.nestos.api.Taints;
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.operator.core.drain.DrainOptions;

/**
 * Drains against the test API server: real Eviction subresource, real PodDisruptionBudgets, a fake
 * clock.
 */
class NodeDrainerMockTest {

  TestApiServer server;
  KubernetesClient client;
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T10:00:00Z"));
  NodeDrainer drainer;
  Clock clock;
  int sleeps;

  @BeforeEach
  void start() {
    server = TestApiServer.start();
    client = new KubernetesClientBuilder().withConfig(server.clientConfig()).build();
    clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    drainer =
        new NodeDrainer(
            client,
            clock,
            d -> {
              sleeps++;
              now.set(now.get().plus(d));
            });
    client
        .nodes()
        .resource(
            Serialization.unmarshal(
                "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\"},\"spec\":{}}",
                Node.class))
        .create();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  void pod(String name, String ownerKind, String app, String extraSpec, String extraMeta) {
    String owner =
        ownerKind == null
            ? ""
            : ",\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\""
                + ownerKind
                + "\",\"name\":\"o\",\"uid\":\"u-"
                + name
                + "\",\"controller\":true}]";
    client
        .pods()
        .inNamespace("apps")
        .resource(
            Serialization.unmarshal(
                ("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"apps","labels":{"app":"%s"}%s%s},
         "spec":{"nodeName":"n1","containers":[{"name":"c","image":"x"}]%s},
         "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}""")
                    .formatted(name, app, owner, extraMeta, extraSpec),
                Pod.class))
        .create();
  }

  void pdb(String app, int minAvailable) {
    client
        .resource(
            Serialization.unmarshal(
                """
        {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"%s","namespace":"apps"},
         "spec":{"minAvailable":%d,"selector":{"matchLabels":{"app":"%s"}}}}"""
                    .formatted(app, minAvailable, app),
                io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class))
        .create();
  }

  Node node() {
    Node node = client.nodes().withName("n1").get();
    if (node.getSpec() == null) {
      node.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
    }
    return node;
  }

  @Test
  void evictsManagedPodsSkipsDaemonSetAndMirrorPodsAndCordonsForTheRevision() throws Exception {
    pod("web-1", "ReplicaSet", "web", "", "");
    pod("agent", "DaemonSet", "agent", "", "");
    pod("static", null, "static", "", ",\"annotations\":{\"kubernetes.io/config.mirror\":\"x\"}");

    DrainResult result = drainer.drain("n1", "rev-7", DrainOptions.defaults());

    assertThat(result).isInstanceOf(DrainResult.Drained.class);
    DrainResult.Drained drained = (DrainResult.Drained) result;
    assertThat(drained.evicted()).containsExactly("apps/web-1");
    assertThat(drained.skipped()).containsExactlyInAnyOrder("apps/agent", "apps/static");
    assertThat(client.pods().inNamespace("apps").withName("web-1").get()).isNull();
    Node cordoned = node();
    assertThat(cordoned.getSpec().getUnschedulable()).isTrue();
    assertThat(cordoned.getMetadata().getAnnotations())
        .containsEntry(Annotations.CORDONED_FOR, "rev-7")
        .containsEntry(Annotations.AUTOSCALER_SCALE_DOWN_DISABLED, "true");
    assertThat(cordoned.getSpec().getTaints())
        .anySatisfy(
            t -> {
              assertThat(t.getKey()).isEqualTo(Taints.UPDATING);
              assertThat(t.getEffect()).isEqualTo("PreferNoSchedule");
            });

    assertThat(drainer.cordon().uncordon("n1")).isTrue();
    Node back = node();
    assertThat(back.getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
    assertThat(back.getMetadata().getAnnotations()).doesNotContainKey(Annotations.CORDONED_FOR);
    assertThat(back.getSpec().getTaints())
        .noneSatisfy(t -> assertThat(t.getKey()).isEqualTo(Taints.UPDATING));
  }

  /**
   * Found by the chaos runner (docs/chaos.md): one failed list of pods ended the drain as blocked,
   * and the node waited out the whole drain backoff. Transient API failures start the attempt over.
   */
  @Test
  void transientApiFailuresAreRetriedAndTheDrainCompletes() throws Exception {
    pod("web-1", "ReplicaSet", "web", "", "");
    java.util.concurrent.atomic.AtomicInteger failures =
        new java.util.concurrent.atomic.AtomicInteger();
    int[] codes = {503, 500, 429};
    server.faults(
        r ->
            r.path().equals("/api/v1/pods") && failures.get() < codes.length
                ? new org.openeuler.nestos.apiserver.ApiFaults.Fault.Respond(
                    codes[failures.getAndIncrement()], "Injected")
                : org.openeuler.nestos.apiserver.ApiFaults.Fault.PASS);

    DrainResult result = drainer.drain("n1", "rev-7", DrainOptions.defaults());

    assertThat(failures.get()).as("lists refused").isEqualTo(3);
    assertThat(result).isInstanceOf(DrainResult.Drained.class);
    assertThat(sleeps).as("one pause per failed attempt").isEqualTo(3);
    assertThat(client.pods().inNamespace("apps").withName("web-1").get()).isNull();
  }

  /**
   * Chaos seed 356 (docs/chaos.md): the rollout released a node while its drain waited to retry a
   * failed eviction; the retry must not cordon it again behind the planner's back.
   */
  @Test
  void aNodeReleasedWhileItsDrainIsRetriedIsNotCordonedAgain() throws Exception {
    pod("web-1", "ReplicaSet", "web", "", "");
    java.util.concurrent.atomic.AtomicInteger evictions =
        new java.util.concurrent.atomic.AtomicInteger();
    server.faults(
        r ->
            r.path().endsWith("/eviction") && evictions.incrementAndGet() == 2
                ? new org.openeuler.nestos.apiserver.ApiFaults.Fault.Respond(503, "Unavailable")
                : org.openeuler.nestos.apiserver.ApiFaults.Fault.PASS);
    NodeCordon planner = new NodeCordon(client);
    NodeDrainer releasedMeanwhile =
        new NodeDrainer(
            client,
            clock,
            d -> {
              sleeps++;
              now.set(now.get().plus(d));
              planner.uncordon("n1"); // the rollout lets the node go during the pause
            });

    DrainResult result = releasedMeanwhile.drain("n1", "rev-7", DrainOptions.defaults());

    assertThat(evictions.get()).as("preflight, then the refused eviction").isEqualTo(2);
    assertThat(result).isInstanceOf(DrainResult.Blocked.class);
    Node n1 = client.nodes().withName("n1").get();
    assertThat(n1.getSpec().getUnschedulable()).as("not cordoned again").isNotEqualTo(Boolean.TRUE);
    assertThat(NodeCordon.cordonedFor(n1)).isNull();
    assertThat(client.pods().inNamespace("apps").withName("web-1").get()).isNotNull();
  }

  @Test
  void aPermanentApiRefusalOrTooManyFailuresAreReported() {
    pod("web-1", "ReplicaSet", "web", "", "");
    server.faults(
        r ->
            r.path().equals("/api/v1/pods")
                ? new org.openeuler.nestos.apiserver.ApiFaults.Fault.Respond(403, "Forbidden")
                : org.openeuler.nestos.apiserver.ApiFaults.Fault.PASS);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> drainer.drain("n1", "rev-7", DrainOptions.defaults()))
        .isInstanceOfSatisfying(
            io.fabric8.kubernetes.client.KubernetesClientException.class,
            e -> assertThat(e.getCode()).isEqualTo(403));
    assertThat(sleeps).as("a 403 is not retried").isZero();

    server.faults(
        r ->
            r.path().equals("/api/v1/pods")
                ? new org.openeuler.nestos.apiserver.ApiFaults.Fault.Respond(503, "Unavailable")
                : org.openeuler.nestos.apiserver.ApiFaults.Fault.PASS);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> drainer.drain("n1", "rev-7", DrainOptions.defaults()))
        .isInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class);
    assertThat(sleeps).isEqualTo(NodeDrainer.API_ATTEMPTS - 1);
  }

  @Test
  void unmanagedAndEmptyDirPodsBlockBeforeAnythingIsTouched() throws Exception {
    pod("bare", null, "bare", "", "");
    pod("cache", "ReplicaSet", "cache", ",\"volumes\":[{\"name\":\"tmp\",\"emptyDir\":{}}]", "");

    DrainResult result = drainer.drain("n1", "rev-1", DrainOptions.defaults());

    assertThat(result).isInstanceOf(DrainResult.Blocked.class);
    assertThat(((DrainResult.Blocked) result).reasons())
        .anySatisfy(r -> assertThat(r).contains("apps/bare").contains("deleteUnmanagedPods"))
        .anySatisfy(r -> assertThat(r).contains("apps/cache").contains("deleteEmptyDirData"));
    assertThat(node().getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
    assertThat(client.pods().inNamespace("apps").list().getItems()).hasSize(2);
  }

  @Test
  void aBudgetThatAllowsNoDisruptionStopsThePreflight() throws Exception {
    pod("db-1", "StatefulSet", "db", "", "");
    pdb("db", 1);

    DrainResult result = drainer.drain("n1", "rev-1", DrainOptions.defaults());

    assertThat(result).isInstanceOf(DrainResult.Blocked.class);
    assertThat(((DrainResult.Blocked) result).timedOut()).isFalse();
    assertThat(((DrainResult.Blocked) result).reasons())
        .singleElement()
        .asString()
        .contains("PodDisruptionBudget");
    assertThat(node().getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
  }

  @Test
  void evictionsRefusedUntilTheTimeoutUncordonAndReportTimedOut() throws Exception {
    pod("web-1", "ReplicaSet", "web", "", "");
    pod("web-2", "ReplicaSet", "web", "", "");
    pdb("web", 1);
    DrainOptions options =
        new DrainOptions(Duration.ofSeconds(60), null, false, false, false, l -> false);

    DrainResult result = drainer.drain("n1", "rev-1", options);

    assertThat(result).isInstanceOf(DrainResult.Blocked.class);
    assertThat(((DrainResult.Blocked) result).timedOut()).isTrue();
    assertThat(sleeps).isBetween(3, 8);
    assertThat(client.pods().inNamespace("apps").list().getItems()).hasSize(1);
    assertThat(node().getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
    assertThat(node().getMetadata().getAnnotations()).doesNotContainKey(Annotations.CORDONED_FOR);
  }

  @Test
  void afterTheTimeoutPodsAreDeletedWhenEvictionIsDisabled() throws Exception {
    pod("web-1", "ReplicaSet", "web", "", "");
    pod("web-2", "ReplicaSet", "web", "", "");
    pdb("web", 1);
    DrainOptions options =
        new DrainOptions(Duration.ofSeconds(30), null, false, false, true, l -> false);

    DrainResult result = drainer.drain("n1", "rev-1", options);

    assertThat(result).isInstanceOf(DrainResult.Drained.class);
    assertThat(((DrainResult.Drained) result).deletedAfterTimeout()).isTrue();
    assertThat(client.pods().inNamespace("apps").list().getItems()).isEmpty();
    assertThat(node().getSpec().getUnschedulable()).isTrue();
  }

  @Test
  void withoutPodDeletionInThisInstallationTheTimeoutBlocksAndSaysWhy() throws Exception {
    pod("web-1", "ReplicaSet", "web", "", "");
    pod("web-2", "ReplicaSet", "web", "", "");
    pdb("web", 1);
    NodeDrainer noDeletion = new NodeDrainer(client, clock, d -> now.set(now.get().plus(d)), false);
    DrainOptions options =
        new DrainOptions(Duration.ofSeconds(30), null, false, false, true, l -> false);

    DrainResult result = noDeletion.drain("n1", "rev-1", options);

    assertThat(result).isInstanceOf(DrainResult.Blocked.class);
    assertThat(((DrainResult.Blocked) result).timedOut()).isTrue();
    assertThat(((DrainResult.Blocked) result).reasons())
        .singleElement()
        .asString()
        .contains("operator.drain.allowPodDeletion is false");
    assertThat(client.pods().inNamespace("apps").list().getItems()).hasSize(1);
    assertThat(node().getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
  }

  @Test
  void aNodeCordonedBySomeoneElseIsNeverUncordonedByUs() throws Exception {
    client
        .nodes()
        .withName("n1")
        .edit(
            n -> {
              n.getSpec().setUnschedulable(true);
              return n;
            });
    pod("web-1", "ReplicaSet", "web", "", "");

    assertThat(drainer.drain("n1", "rev-1", DrainOptions.defaults()))
        .isInstanceOf(DrainResult.Drained.class);
    assertThat(
            node().getMetadata().getAnnotations() == null
                || !node().getMetadata().getAnnotations().containsKey(Annotations.CORDONED_FOR))
        .isTrue();
    assertThat(drainer.cordon().uncordon("n1")).isFalse();
    assertThat(node().getSpec().getUnschedulable()).isTrue();
  }

  /** From the informer's copy, a drain cordons without reading the node first. */
  @Test
  void aDrainFromTheCachedNodeDoesNotReadTheNode() throws Exception {
    Node cached = node();
    server.requests().reset();

    assertThat(drainer.drain("n1", cached, "rev-3", DrainOptions.defaults()))
        .isInstanceOf(DrainResult.Drained.class);

    assertThat(server.requests().total("get", "nodes"))
        .as("%s", server.requests().toJson())
        .isZero();
    assertThat(server.requests().total("patch", "nodes")).isEqualTo(1);
    assertThat(node().getMetadata().getAnnotations())
        .containsEntry(Annotations.CORDONED_FOR, "rev-3");
  }

  /**
   * The cache was behind: someone else cordoned the node since. The tested cordon is refused, the
   * node read again, and left alone.
   */
  @Test
  void aStaleCachedNodeNeverOverridesSomeoneElsesCordon() throws Exception {
    Node cached = node();
    client
        .nodes()
        .withName("n1")
        .edit(
            n -> {
              n.getSpec().setUnschedulable(true);
              return n;
            });

    assertThat(drainer.drain("n1", cached, "rev-4", DrainOptions.defaults()))
        .isInstanceOf(DrainResult.Drained.class);

    Node now = node();
    assertThat(now.getSpec().getUnschedulable()).isTrue();
    assertThat(
            now.getMetadata().getAnnotations() == null
                || !now.getMetadata().getAnnotations().containsKey(Annotations.CORDONED_FOR))
        .isTrue();
    assertThat(now.getSpec().getTaints() == null ? java.util.List.of() : now.getSpec().getTaints())
        .noneSatisfy(t -> assertThat(t.getKey()).isEqualTo(Taints.UPDATING));
  }

  /** The cache still had a node deleted since: reported gone. */
  @Test
  void aCachedNodeDeletedSinceIsReportedGone() throws Exception {
    Node cached = node();
    client.nodes().withName("n1").delete();

    assertThat(drainer.drain("n1", cached, "rev-5", DrainOptions.defaults()))
        .isInstanceOf(DrainResult.NodeGone.class);
  }

  @Test
  void aMissingNodeIsReported() throws Exception {
    assertThat(drainer.drain("ghost", "rev-1", DrainOptions.defaults()))
        .isInstanceOf(DrainResult.NodeGone.class);
  }
}
