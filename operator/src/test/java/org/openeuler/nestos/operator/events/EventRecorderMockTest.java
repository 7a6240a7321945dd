package org.openeuler.nestos.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.apiserver.TestApiServer;

class EventRecorderMockTest {

  @Test
  void recordsTypedEventsOnceWithinTheWindowAndNeverThrows() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T10:00:00Z"));
    Clock clock =
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
    try (TestApiServer server = TestApiServer.start();
        KubernetesClient client =
            new KubernetesClientBuilder().withConfig(server.clientConfig()).build()) {
      Node node =
          client
              .nodes()
              .resource(
                  Serialization.unmarshal(
                      "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\"}}",
                      Node.class))
              .create();
      EventRecorder recorder = new EventRecorder(client, clock, "nestos-operator");

      assertThat(recorder.record(node, EventReason.DrainBlocked, "pdb web allows no disruption"))
          .isTrue();
      assertThat(recorder.record(node, EventReason.DrainBlocked, "pdb web allows no disruption"))
          .isFalse();
      now.set(now.get().plus(EventRecorder.DEDUP_WINDOW));
      assertThat(recorder.record(node, EventReason.DrainBlocked, "pdb web allows no disruption"))
          .isTrue();

      var events = client.v1().events().inNamespace("default").list().getItems();
      assertThat(events)
          .hasSize(2)
          .allSatisfy(
              e -> {
                assertThat(e.getReason()).isEqualTo("DrainBlocked");
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getInvolvedObject().getKind()).isEqualTo("Node");
                assertThat(e.getInvolvedObject().getUid()).isEqualTo(node.getMetadata().getUid());
              });

      server.close();
      assertThat(recorder.record(node, EventReason.NodeUpdated, "after the API server went away"))
          .isFalse();
    }
  }
}
