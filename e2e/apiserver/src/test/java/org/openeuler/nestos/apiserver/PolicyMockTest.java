package org.openeuler.nestos.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Evictions against PodDisruptionBudgets, auth reviews for leader election, and the request
 * counter.
 */
class PolicyMockTest {

  static TestApiServer server;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    server = TestApiServer.start();
    client = new KubernetesClientBuilder().withConfig(server.clientConfig()).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  static Pod readyPod(String ns, String name, String app) {
    return Serialization.unmarshal(
        """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"%s","labels":{"app":"%s"}},
         "spec":{"nodeName":"n1","containers":[{"name":"c","image":"x"}]},
         "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}"""
            .formatted(name, ns, app),
        Pod.class);
  }

  @Test
  void evictionHonoursPodDisruptionBudgets() {
    client.pods().inNamespace("e").resource(readyPod("e", "web-1", "web")).create();
    client.pods().inNamespace("e").resource(readyPod("e", "web-2", "web")).create();
    client.pods().inNamespace("e").resource(readyPod("e", "lonely", "other")).create();
    client
        .resource(
            Serialization.unmarshal(
                """
        {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"web","namespace":"e"},
         "spec":{"minAvailable":2,"selector":{"matchLabels":{"app":"web"}}}}""",
                io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class))
        .create();

    assertThat(client.pods().inNamespace("e").withName("web-1").evict()).isFalse();
    assertThat(client.pods().inNamespace("e").withName("web-1").get()).isNotNull();

    RawHttp raw = new RawHttp(server.url());
    RawHttp.Reply refused =
        raw.post(
            "/api/v1/namespaces/e/pods/web-1/eviction",
            """
        {"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"web-1","namespace":"e"}}""");
    assertThat(refused.code()).isEqualTo(429);
    assertThat(refused.body().path("message").asText()).contains("disruption budget");

    RawHttp.Reply dryRun =
        raw.post(
            "/api/v1/namespaces/e/pods/lonely/eviction?dryRun=All",
            """
        {"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"lonely","namespace":"e"}}""");
    assertThat(dryRun.code()).isEqualTo(201);
    assertThat(client.pods().inNamespace("e").withName("lonely").get()).isNotNull();

    assertThat(
            client
                .pods()
                .inNamespace("e")
                .withName("lonely")
                .evict(
                    new EvictionBuilder()
                        .withNewMetadata()
                        .withName("lonely")
                        .withNamespace("e")
                        .endMetadata()
                        .build()))
        .isTrue();
    assertThat(client.pods().inNamespace("e").withName("lonely").get()).isNull();
  }

  @Test
  void selfSubjectRulesReviewAllowsEverything() {
    SelfSubjectRulesReview review =
        client
            .authorization()
            .v1()
            .selfSubjectRulesReview()
            .create(
                new SelfSubjectRulesReviewBuilder()
                    .withNewSpec()
                    .withNamespace("default")
                    .endSpec()
                    .build());
    assertThat(review.getStatus().getResourceRules())
        .anySatisfy(
            rule -> {
              assertThat(rule.getVerbs()).contains("*");
              assertThat(rule.getResources()).contains("*");
            });
  }

  @Test
  void requestsAreCountedPerVerbResourceAndUserAgent() {
    server.requests().reset();
    RawHttp raw = new RawHttp(server.url());
    raw.post(
        "/api/v1/namespaces/c/configmaps",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\"," + "\"metadata\":{\"name\":\"x\"}}");
    raw.get("/api/v1/namespaces/c/configmaps/x");

    RawHttp.Reply counts = raw.get("/debug/requests");
    assertThat(counts.body().path("requests").toString())
        .contains("\"verb\":\"create\"")
        .contains("\"resource\":\"configmaps\"")
        .contains("raw-test/1.0");
    assertThat(server.requests().writes("raw-test")).isEqualTo(1);
  }
}
