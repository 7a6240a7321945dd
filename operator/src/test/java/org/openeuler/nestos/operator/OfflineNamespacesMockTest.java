package org.openeuler.nestos.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.RubikPolicy;
import org.openeuler.nestos.apiserver.TestApiServer;

/**
 * RubikPolicy {@code offline.namespaceSelector} through the whole operator against the test API
 * server: the operator's Namespace cache resolves it into {@code rubikProfile.offlineNamespaces} of
 * the NodeStates the policy wins, a relabel re-renders them, and a namespace the selector does not
 * match causes no NodeState write.
 */
class OfflineNamespacesMockTest {
  static final Duration WAIT = Duration.ofSeconds(20);

  TestApiServer server;
  KubernetesClient client;
  OperatorRuntime operator;

  @BeforeEach
  void start() {
    server = TestApiServer.start();
    client = new KubernetesClientBuilder().withConfig(server.clientConfig()).build();
    namespace("spark", Map.of("tier", "batch"));
    namespace("web", Map.of("tier", "web"));
    for (String[] n : List.of(new String[] {"n1", "db"}, new String[] {"n2", "web"})) {
      create(
          Node.class,
          "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\""
              + n[0]
              + "\",\"labels\":{\"pool\":\""
              + n[1]
              + "\"}},\"spec\":{}}");
    }
    create(
        RubikPolicy.class,
        """
        {"apiVersion":"nestos.openeuler.org/v1alpha1","kind":"RubikPolicy","metadata":{"name":"batch"},
         "spec":{"nodeSelector":{"matchLabels":{"pool":"db"}},"mode":"Native",
         "offline":{"namespaceSelector":{"matchLabels":{"tier":"batch"}}},"features":{"cpuPreemption":true}}}""");
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    client.close();
    server.close();
  }

  @Test
  void namespaceLabelsResolveIntoTheProfileAndARelabelReRenders() {
    KubernetesClient opClient =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(server.clientConfig())
                    .withUserAgent("nestos-operator-test")
                    .build())
            .withKubernetesSerialization(org.openeuler.nestos.api.LenientResources.serialization())
            .build();
    operator =
        OperatorRuntime.start(
            opClient,
            OperatorConfig.from(
                Map.of(),
                "--metrics-port=0",
                "--lease-namespace=default",
                "--identity=test-operator",
                "--reconcile-threads=4"),
            Clock.systemUTC());

    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              assertThat(offlineNamespaces("n1")).containsExactly("spark");
              assertThat(
                      client
                          .resources(NodeState.class)
                          .withName("n2")
                          .get()
                          .getSpec()
                          .rubikProfile())
                  .isNull();
            });
    String before = client.resources(NodeState.class).withName("n1").get().getSpec().revision();

    // relabel web into the batch tier: n1 re-rendered with both, a new revision
    client
        .namespaces()
        .withName("web")
        .edit(
            n -> {
              n.getMetadata().getLabels().put("tier", "batch");
              return n;
            });
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(offlineNamespaces("n1")).containsExactly("spark", "web"));
    assertThat(client.resources(NodeState.class).withName("n1").get().getSpec().revision())
        .isNotEqualTo(before);

    // a namespace outside the selector, then one inside it: only the second changes n1, one
    // NodeState write
    server.requests().reset();
    namespace("frontend", Map.of("tier", "web"));
    namespace("reports", Map.of("tier", "batch"));
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> assertThat(offlineNamespaces("n1")).containsExactly("reports", "spark", "web"));
    assertThat(
            server.requests().total("create", "nodestates")
                + server.requests().total("update", "nodestates")
                + server.requests().total("patch", "nodestates"))
        .as("%s", server.requests().toJson())
        .isEqualTo(1);

    // deleting a listed namespace drops it
    client.namespaces().withName("spark").delete();
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(offlineNamespaces("n1")).containsExactly("reports", "web"));
  }

  List<String> offlineNamespaces(String node) {
    NodeState ns = client.resources(NodeState.class).withName(node).get();
    assertThat(ns).isNotNull();
    assertThat(ns.getSpec().rubikProfile()).isNotNull();
    return ns.getSpec().rubikProfile().offlineNamespaces();
  }

  void namespace(String name, Map<String, String> labels) {
    client
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }

  <T extends HasMetadata> void create(Class<T> type, String json) {
    client.resource(Serialization.unmarshal(json, type)).create();
  }
}
