package org.openeuler.nestos.operator.informers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openeuler.nestos.api.LenientResources;
import org.openeuler.nestos.operator.OperatorConfig;
import org.openeuler.nestos.operator.OperatorRuntime;
import org.openeuler.nestos.operator.testing.RequestRecorder;

/**
 * The shared informers' scenarios, run on the test API server ({@code SharedInformersMockTest}) and
 * on the real kube-apiserver ({@code SharedInformersKubeIT}): sources of one type share one list
 * and one watch, each with its own filter; the informer lives as long as its sources; the whole
 * operator watches each type once (twice for the types that are also a controller's primary).
 */
final class SharedInformersScenarios implements AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String POOL = "shared-informer-scenarios";

  /** The requests of {@link #client}, as "METHOD path?query". */
  final List<String> requests = new CopyOnWriteArrayList<>();

  private final Config config;
  final KubernetesClient client;
  private final KubernetesClient admin;

  SharedInformersScenarios(Config config) {
    this.config = config;
    this.client = recording(config);
    this.admin = new KubernetesClientBuilder().withConfig(config).build();
  }

  private KubernetesClient recording(Config config) {
    return new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(config).build())
        .withKubernetesSerialization(LenientResources.serialization())
        .withHttpClientBuilderConsumer(
            RequestRecorder.into(requests, RequestRecorder::pathAndQuery))
        .build();
  }

  /** Events a source delivered, by primary. */
  static final class Received {
    final List<ResourceID> events = new CopyOnWriteArrayList<>();

    long of(String name) {
      return events.stream().filter(id -> id.getName().equals(name)).count();
    }
  }

  private static <R extends HasMetadata> SharedSource<R, Node> started(
      SharedSource<R, Node> source, Received into) {
    source.setEventHandler(e -> into.events.add(e.getRelatedCustomResourceID()));
    source.start();
    return source;
  }

  /** A node's events map to the primary of the same name. */
  private static Set<ResourceID> byName(Node n) {
    return Set.of(new ResourceID(n.getMetadata().getName()));
  }

  private SharedInformers informers() {
    return new SharedInformers(client, Duration.ofSeconds(30), true, null);
  }

  private long lists(String path) {
    return requests.stream()
        .filter(r -> r.startsWith("GET " + path) && !r.contains("watch=true"))
        .filter(r -> r.equals("GET " + path) || r.startsWith("GET " + path + "?"))
        .count();
  }

  private long watches(String path) {
    return requests.stream()
        .filter(r -> r.startsWith("GET " + path + "?") && r.contains("watch=true"))
        .count();
  }

  private void createNode(String name) {
    admin.nodes().withName(name).delete();
    await().atMost(WAIT).until(() -> admin.nodes().withName(name).get() == null);
    admin
        .nodes()
        .resource(
            Serialization.unmarshal(
                "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\""
                    + name
                    + "\",\"labels\":{\"pool\":\""
                    + POOL
                    + "\"}},\"spec\":{}}",
                Node.class))
        .create();
  }

  private void annotate(String name, String value) {
    admin
        .nodes()
        .withName(name)
        .edit(
            n -> {
              Map<String, String> a =
                  n.getMetadata().getAnnotations() == null
                      ? new HashMap<>()
                      : new HashMap<>(n.getMetadata().getAnnotations());
              a.put("example.com/scenario", value);
              n.getMetadata().setAnnotations(a);
              return n;
            });
  }

  /**
   * Two sources of Nodes: one list and one watch between them; each sees the node once it exists
   * and reads it from the one cache; an annotation change reaches only the source whose filter
   * accepts it.
   */
  void sourcesOfOneTypeShareOneListAndWatch() {
    SharedInformers informers = informers();
    Received labelsOnly = new Received();
    Received annotations = new Received();
    requests.clear();
    SharedSource<Node, Node> a =
        started(
            informers.source(
                Node.class,
                "labels",
                (now, before) ->
                    !Objects.equals(
                        now.getMetadata().getLabels(), before.getMetadata().getLabels()),
                SharedInformersScenarios::byName),
            labelsOnly);
    SharedSource<Node, Node> b =
        started(
            informers.source(
                Node.class,
                "annotations",
                (now, before) ->
                    !Objects.equals(
                        now.getMetadata().getAnnotations(), before.getMetadata().getAnnotations()),
                SharedInformersScenarios::byName),
            annotations);
    try {
      assertThat(lists("/api/v1/nodes")).as("%s", requests).isEqualTo(1);
      assertThat(watches("/api/v1/nodes")).as("%s", requests).isEqualTo(1);
      assertThat(informers.users()).containsEntry("Node", 2);

      createNode("shared-a");
      await()
          .atMost(WAIT)
          .until(() -> labelsOnly.of("shared-a") >= 1 && annotations.of("shared-a") >= 1);
      assertThat(a.get(new ResourceID("shared-a"))).isPresent();
      assertThat(b.list(n -> n.getMetadata().getName().equals("shared-a"))).hasSize(1);
      long labelEvents = labelsOnly.of("shared-a");

      annotate("shared-a", "1");
      await().atMost(WAIT).until(() -> annotations.of("shared-a") >= 2);
      assertThat(labelsOnly.of("shared-a")).isEqualTo(labelEvents);
      assertThat(watches("/api/v1/nodes")).as("%s", requests).isEqualTo(1);
    } finally {
      a.stop();
      b.stop();
    }
  }

  /**
   * The informer stops with its last source and a source started later gets a new one, which lists
   * again and replays what exists as adds.
   */
  void theInformerLivesAsLongAsItsSources() {
    SharedInformers informers = informers();
    Received first = new Received();
    Received second = new Received();
    SharedSource<Node, Node> a =
        started(
            informers.source(
                Node.class, "a", (now, before) -> true, SharedInformersScenarios::byName),
            first);
    SharedSource<Node, Node> b =
        started(
            informers.source(
                Node.class, "b", (now, before) -> true, SharedInformersScenarios::byName),
            second);
    a.stop();
    assertThat(informers.users()).containsEntry("Node", 1);
    createNode("shared-b");
    await().atMost(WAIT).until(() -> second.of("shared-b") >= 1);
    assertThat(first.of("shared-b")).isZero();
    b.stop();
    assertThat(informers.users()).containsEntry("Node", 0);
    assertThat(b.getStatus()).isEqualTo(io.javaoperatorsdk.operator.health.Status.HEALTHY);

    requests.clear();
    Received again = new Received();
    SharedSource<Node, Node> c =
        started(
            informers.source(
                Node.class, "c", (now, before) -> true, SharedInformersScenarios::byName),
            again);
    try {
      assertThat(lists("/api/v1/nodes")).as("%s", requests).isEqualTo(1);
      await().atMost(WAIT).until(() -> again.of("shared-b") >= 1);
      assertThat(c.getStatus()).isEqualTo(io.javaoperatorsdk.operator.health.Status.HEALTHY);
    } finally {
      c.stop();
    }
  }

  /**
   * The operator with all its reconcilers watches Nodes twice (the renderer's primary and the
   * shared informer), NodeStates and Namespaces once, each CR type twice (its controller's primary
   * and the shared informer): before the shared informers it was 4, 4, 3 and 4.
   */
  void theOperatorWatchesEachTypeOnce() {
    requests.clear();
    OperatorConfig operatorConfig =
        OperatorConfig.from(
            Map.of(),
            "--metrics-port=0",
            "--lease-namespace=default",
            "--identity=shared-informers",
            "--reconcile-threads=2");
    try (OperatorRuntime runtime =
        OperatorRuntime.start(recording(config), operatorConfig, Clock.systemUTC())) {
      String crs = "/apis/nestos.openeuler.org/v1alpha1/";
      assertThat(watches("/api/v1/nodes")).as("%s", requests).isEqualTo(2);
      assertThat(watches(crs + "nodestates")).as("%s", requests).isEqualTo(1);
      assertThat(watches("/api/v1/namespaces")).as("%s", requests).isEqualTo(1);
      assertThat(watches(crs + "osversions")).as("%s", requests).isEqualTo(2);
      assertThat(watches(crs + "nodeconfigs")).as("%s", requests).isEqualTo(2);
      assertThat(watches(crs + "rubikpolicies")).as("%s", requests).isEqualTo(2);
      // every event source is healthy: the operator reports ready
      await().atMost(WAIT).until(() -> readyz(runtime.endpointsPort()) == 200);
    }
  }

  private static int readyz(int port) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Override
  public void close() {
    admin.nodes().withLabel("pool", POOL).delete();
    admin.close();
    client.close();
  }
}
