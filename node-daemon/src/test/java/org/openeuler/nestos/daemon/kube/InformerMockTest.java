package org.openeuler.nestos.daemon.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.apiserver.ApiFaults;
import org.openeuler.nestos.apiserver.TestApiServer;

/**
 * The daemon's {@link Informer} on the test API server: the first list, watch events, a dropped
 * watch resumed from its resourceVersion without a relist, transient failures of the first list
 * tried again, a refusal failing the start, and a close that ends the watch. The 410 relist is
 * proven on the real kube-apiserver (NodeAgentWatchKubeIT).
 */
class InformerMockTest {

  static final String AGENT = "informer-test";
  static TestApiServer server;
  static KubernetesClient admin;

  final List<String> requests = new CopyOnWriteArrayList<>();
  final List<String> seen = new CopyOnWriteArrayList<>();
  NodeApi api;

  @BeforeAll
  static void up() {
    server = TestApiServer.start();
    admin = new KubernetesClientBuilder().withConfig(server.clientConfig()).build();
  }

  @AfterAll
  static void down() {
    admin.close();
    server.close();
  }

  @AfterEach
  void closeApi() {
    server.faults(ApiFaults.NONE);
    if (api != null) {
      api.close();
    }
  }

  private Informer<PodView> informer(String node) {
    api =
        new NodeApi(
            new KubeEndpoint(URI.create(server.url()), null, null, AGENT, requests::add),
            new WatchBackoff(Duration.ofMillis(50), Duration.ofMillis(200), () -> 1.0));
    return api.podInformer(
        node,
        new Informer.Handler<>() {
          @Override
          public void onAdd(PodView p) {
            seen.add("add " + p.name());
          }

          @Override
          public void onUpdate(PodView old, PodView p) {
            seen.add("update " + p.name());
          }

          @Override
          public void onDelete(PodView p) {
            seen.add("delete " + p.name());
          }
        });
  }

  private static Pod pod(String name, String node) {
    return admin
        .pods()
        .inNamespace("default")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .addNewContainer()
                .withName("c")
                .withImage("registry.example.com/app:1")
                .endContainer()
                .endSpec()
                .build())
        .create();
  }

  private long lists() {
    return requests.stream().filter(r -> r.startsWith("GET ") && !r.contains("watch=true")).count();
  }

  @Test
  void listsThenWatchesAddsUpdatesAndDeletesOfItsNodesPodsOnly() {
    pod("before", "n1");
    pod("elsewhere", "n2");
    Informer<PodView> pods = informer("n1");
    pods.start();
    assertThat(pods.hasSynced()).isTrue();
    assertThat(seen).containsExactly("add before");
    assertThat(pods.list()).extracting(PodView::name).containsExactly("before");
    assertThat(pods.list().iterator().next().spec().containers())
        .extracting(PodView.Container::name)
        .containsExactly("c");

    pod("after", "n1");
    admin
        .pods()
        .inNamespace("default")
        .withName("after")
        .edit(
            p -> {
              p.getMetadata().setLabels(java.util.Map.of("x", "y"));
              return p;
            });
    admin.pods().inNamespace("default").withName("before").withGracePeriod(0).delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 4);
    assertThat(seen).containsExactly("add before", "add after", "update after", "delete before");
    assertThat(pods.list()).extracting(PodView::name).containsExactly("after");
    assertThat(requests)
        .filteredOn(r -> r.contains("watch=true"))
        .allMatch(r -> r.contains("allowWatchBookmarks=true") && r.contains("resourceVersion="))
        .allMatch(r -> r.contains("fieldSelector=spec.nodeName%3Dn1"));
    assertThat(lists()).isEqualTo(1);
  }

  @Test
  void aDroppedWatchResumesFromItsResourceVersionWithoutARelist() {
    Informer<PodView> pods = informer("n3");
    pods.start();
    long watches = requests.stream().filter(r -> r.contains("watch=true")).count();
    // the watch may still be on its way to the server: drop it once it is there
    await().atMost(Duration.ofSeconds(10)).until(() -> server.dropWatches(AGENT::equals) > 0);
    pod("during-the-gap", "n3");
    await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("add during-the-gap"));
    assertThat(requests.stream().filter(r -> r.contains("watch=true")).count())
        .isGreaterThan(watches);
    assertThat(lists()).as("no relist: resumed from the last resourceVersion").isEqualTo(1);
  }

  @Test
  void transientFailuresOfTheFirstListAreTriedAgainAndARefusalFailsTheStart() {
    AtomicInteger refused = new AtomicInteger();
    server.faults(
        r ->
            r.userAgent().equals(AGENT) && !r.watch() && refused.getAndIncrement() < 2
                ? new ApiFaults.Fault.Respond(503, "ServiceUnavailable")
                : ApiFaults.Fault.PASS);
    pod("patient", "n4");
    Informer<PodView> pods = informer("n4");
    pods.start();
    assertThat(seen).containsExactly("add patient");
    assertThat(lists()).isEqualTo(3);
    api.close();

    server.faults(
        r ->
            r.userAgent().equals(AGENT)
                ? new ApiFaults.Fault.Respond(403, "Forbidden")
                : ApiFaults.Fault.PASS);
    Informer<PodView> forbidden = informer("n4");
    assertThatThrownBy(forbidden::start)
        .isInstanceOfSatisfying(KubeApiException.class, e -> assertThat(e.code()).isEqualTo(403));
  }

  @Test
  void aResourceTypeTheServerDoesNotServeFailsTheStartInsteadOfLookingEmpty() {
    api =
        new NodeApi(
            new KubeEndpoint(URI.create(server.url()), null, null, AGENT, requests::add),
            new WatchBackoff(Duration.ofMillis(50), Duration.ofMillis(200), () -> 1.0));
    server.faults(
        r ->
            r.userAgent().equals(AGENT) && r.path().endsWith("/nodestates")
                ? new ApiFaults.Fault.Respond(404, "NotFound")
                : ApiFaults.Fault.PASS);
    Informer<?> states =
        api.nodeStateInformer(
            "n6",
            new Informer.Handler<>() {
              @Override
              public void onAdd(org.openeuler.nestos.api.v1alpha1.NodeState s) {}

              @Override
              public void onUpdate(
                  org.openeuler.nestos.api.v1alpha1.NodeState old,
                  org.openeuler.nestos.api.v1alpha1.NodeState s) {}

              @Override
              public void onDelete(org.openeuler.nestos.api.v1alpha1.NodeState s) {}
            });
    assertThatThrownBy(states::start)
        .isInstanceOfSatisfying(KubeApiException.class, e -> assertThat(e.code()).isEqualTo(404));
    assertThat(states.hasSynced()).isFalse();
  }

  @Test
  void aClosedInformerStopsWatching() {
    Informer<PodView> pods = informer("n5");
    pods.start();
    assertThat(watchThreads("pods/n5")).isEqualTo(1);
    pods.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> watchThreads("pods/n5") == 0);
    pod("too-late", "n5");
    assertThat(seen).doesNotContain("add too-late");
  }

  private static long watchThreads(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("nestos-watch-" + name) && t.isAlive())
        .count();
  }
}
