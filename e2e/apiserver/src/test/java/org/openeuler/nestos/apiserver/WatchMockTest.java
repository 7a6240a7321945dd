package org.openeuler.nestos.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Watches over WebSocket (fabric8) and over plain HTTP streaming (kubectl, client-go), with
 * selectors and resume.
 */
class WatchMockTest {

  static TestApiServer server;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    server = TestApiServer.start(0, new TestApiServer.Options(true, 200));
    client = new KubernetesClientBuilder().withConfig(server.clientConfig()).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  static ConfigMap cm(String name, String app) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("w")
        .addToLabels("app", app)
        .endMetadata()
        .build();
  }

  @Test
  void fabric8WebSocketWatchSeesAddModifyDelete() {
    List<String> events = new CopyOnWriteArrayList<>();
    try (var watch =
        client
            .configMaps()
            .inNamespace("w")
            .withLabel("app", "ws")
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, ConfigMap resource) {
                    events.add(action + " " + resource.getMetadata().getName());
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      client.configMaps().inNamespace("w").resource(cm("a", "ws")).create();
      client.configMaps().inNamespace("w").resource(cm("other", "nope")).create();
      client
          .configMaps()
          .inNamespace("w")
          .withName("a")
          .edit(
              c -> {
                c.setData(java.util.Map.of("k", "v"));
                return c;
              });
      client.configMaps().inNamespace("w").withName("a").delete();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(events).containsExactly("ADDED a", "MODIFIED a", "DELETED a"));
    }
  }

  @Test
  void httpStreamingWatchResumesFromResourceVersionWithFieldSelectorAndBookmarks()
      throws Exception {
    client.configMaps().inNamespace("w").resource(cm("before", "http")).create();
    String rv = client.configMaps().inNamespace("w").list().getMetadata().getResourceVersion();
    client.configMaps().inNamespace("w").resource(cm("after", "http")).create();
    client.configMaps().inNamespace("w").resource(cm("unrelated", "http")).create();

    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    server.url()
                        + "/api/v1/namespaces/w/configmaps?watch=true&allowWatchBookmarks=true&timeoutSeconds=3"
                        + "&fieldSelector=metadata.name%3Dafter&resourceVersion="
                        + rv))
            .build();
    HttpResponse<InputStream> response =
        new RawHttp(server.url()).client().send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    List<String> types = new java.util.ArrayList<>();
    List<String> names = new java.util.ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        var event = RawHttp.JSON.readTree(line);
        types.add(event.path("type").asText());
        names.add(event.path("object").path("metadata").path("name").asText());
      }
    }
    assertThat(types.get(0)).isEqualTo("ADDED");
    assertThat(names.get(0)).isEqualTo("after");
    assertThat(names).doesNotContain("before", "unrelated");
    assertThat(types).contains("BOOKMARK");
  }

  @Test
  void informerSeesObjectsThatExistBeforeAndAfterItStarts() {
    client
        .configMaps()
        .inNamespace("inf")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("early")
                .withNamespace("inf")
                .endMetadata()
                .build())
        .create();
    try (var informer = client.configMaps().inNamespace("inf").inform()) {
      client
          .configMaps()
          .inNamespace("inf")
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("late")
                  .withNamespace("inf")
                  .endMetadata()
                  .build())
          .create();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(informer.getStore().listKeys())
                      .containsExactlyInAnyOrder("inf/early", "inf/late"));
    }
  }
}
