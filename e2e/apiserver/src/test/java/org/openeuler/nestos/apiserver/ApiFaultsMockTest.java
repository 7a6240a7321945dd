package org.openeuler.nestos.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.apiserver.ApiFaults.Fault;

/** The stand-in's fault injection (docs/chaos.md): what each fault does to a real client. */
class ApiFaultsMockTest {

  final TestApiServer server = TestApiServer.start();
  final KubernetesClient client =
      new KubernetesClientBuilder().withConfig(server.clientConfig()).build();

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  static ConfigMap map(String name) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .addToData("k", "v")
        .build();
  }

  @Test
  void aRefusedWriteIsAStatusWithTheCodeAndReasonAndIsNotApplied() {
    server.faults(r -> r.mutating() ? new Fault.Respond(409, "Conflict") : Fault.PASS);
    assertThatThrownBy(() -> client.configMaps().resource(map("a")).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
              assertThat(e.getStatus().getMessage()).contains("injected fault");
            });
    server.faults(ApiFaults.NONE);
    assertThat(client.configMaps().withName("a").get()).as("nothing was written").isNull();
  }

  @Test
  void tooManyRequestsCarriesRetryAfter() {
    server.faults(
        r ->
            r.userAgent().startsWith("raw-test")
                ? new Fault.Respond(429, "TooManyRequests")
                : Fault.PASS);
    RawHttp.Reply reply = new RawHttp(server.url()).get("/api/v1/namespaces/default/configmaps");
    assertThat(reply.code()).isEqualTo(429);
    assertThat(reply.raw().headers().firstValue("Retry-After")).contains("1");
    assertThat(reply.body().path("kind").asText()).isEqualTo("Status");
    // only the chosen client is refused
    assertThat(client.configMaps().list().getItems()).isEmpty();
  }

  @Test
  void aResetIsAnIoErrorAndADelayIsServedLate() {
    server.faults(
        r -> r.path().endsWith("/configmaps") && !r.mutating() ? new Fault.Drop(0) : Fault.PASS);
    assertThatThrownBy(() -> client.configMaps().list())
        .isInstanceOf(KubernetesClientException.class);
    server.faults(r -> new Fault.Delay(300));
    long start = System.nanoTime();
    client.configMaps().resource(map("b")).create();
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
    assertThat(client.configMaps().withName("b").get()).isNotNull();
  }

  @Test
  void aDroppedWatchIsReopenedByTheClientAndMissesNothing() throws Exception {
    AtomicInteger watchesOpened = new AtomicInteger();
    server.faults(
        r -> {
          if (r.watch()) {
            // the first watch is cut after 300 ms; the client's reconnect is served
            return watchesOpened.incrementAndGet() == 1 ? new Fault.Drop(300) : Fault.PASS;
          }
          return Fault.PASS;
        });
    List<String> seen = new CopyOnWriteArrayList<>();
    try (var w = watchInto(seen)) {
      client.configMaps().resource(map("before")).create();
      Thread.sleep(800); // the first watch is dropped in between
      client.configMaps().resource(map("after")).create();
      awaitSeen(seen, "ADDED after");
    }
    assertThat(watchesOpened.get()).as("watches opened").isGreaterThanOrEqualTo(2);
    assertThat(seen).contains("ADDED before", "ADDED after");
  }

  @Test
  void openWatchesOfTheChosenClientsAreDroppedAndReopened() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (var w = watchInto(seen)) {
      client.configMaps().resource(map("before")).create();
      awaitSeen(seen, "ADDED before");
      assertThat(server.dropWatches(ua -> ua.contains("other-client"))).as("no match").isZero();
      assertThat(server.dropWatches(ua -> true)).as("the open watch").isGreaterThanOrEqualTo(1);
      Thread.sleep(300);
      client.configMaps().resource(map("after")).create();
      awaitSeen(seen, "ADDED after");
    }
    assertThat(seen).contains("ADDED before", "ADDED after");
  }

  /** Watches ConfigMaps, adding "ACTION name" to {@code seen} for each event. */
  io.fabric8.kubernetes.client.Watch watchInto(List<String> seen) {
    return client
        .configMaps()
        .watch(
            new Watcher<ConfigMap>() {
              @Override
              public void eventReceived(Action action, ConfigMap resource) {
                seen.add(action + " " + resource.getMetadata().getName());
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }

  /** Waits up to 10 s for {@code event} among {@code seen}. */
  static void awaitSeen(List<String> seen, String event) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!seen.contains(event) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }
}
