package org.openeuler.nestos.operator.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.apiserver.replay.Recording;

/**
 * Requests operators make that a small rollout may not: a stale-resourceVersion update (409), a
 * 404, invalid objects (422, built-in and CRD), server-side apply conflicts, the three patch types
 * (and strategic merge on a custom resource), label/field selectors, limit/continue, delete
 * preconditions, a watch resumed from an old resourceVersion, evictions with and without a
 * PodDisruptionBudget. Sent to the recording stand-in (their responses become the recording).
 */
final class HandWrittenRequests {

  static final String NS = "replay-hand";
  static final String AGENT = "replay-hand";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String CM = "/api/v1/namespaces/" + NS + "/configmaps";
  private static final String OSV = "/apis/nestos.openeuler.org/v1alpha1/osversions";
  private static final String DIGEST = "sha256:" + "e".repeat(64);

  private final KubernetesClient client;
  private final HttpClient http;
  private final String base;

  HandWrittenRequests(TestApiServer server) {
    client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(server.clientConfig()).withUserAgent(AGENT).build())
            .build();
    http = client.getHttpClient();
    base = server.url();
  }

  void run(Recording recording) {
    try {
      recording.pause(true);
      send("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + NS + "\"}}");
      recording.pause(false);
      crud();
      patches();
      serverSideApply();
      selectorsAndPages();
      deletePreconditions();
      evictions(recording);
    } finally {
      client.close();
    }
  }

  private void crud() {
    JsonNode a = send("POST", CM, configMap("cm-a", "a", "v1"));
    String created = rv(a);
    send("POST", CM, configMap("cm-b", "b", "v1"));
    send(
        "POST",
        CM,
        configMap("cm-c", "c", "v1").replace("\"app\":\"replay\"", "\"app\":\"other\""));
    JsonNode got = send("GET", CM + "/cm-a", null);
    String body = got.toString().replace("\"k\":\"v1\"", "\"k\":\"v2\"");
    send("PUT", CM + "/cm-a", body);
    send("PUT", CM + "/cm-a", body); // the same resourceVersion again: 409 Conflict
    send("GET", CM + "/missing", null);
    send("PATCH", CM + "/missing", "application/merge-patch+json", "{\"data\":{\"k\":\"x\"}}");
    send("POST", CM, configMap("Bad_Name", "a", "v1"));
    send(
        "POST",
        OSV,
        """
        {"apiVersion":"nestos.openeuler.org/v1alpha1","kind":"OSVersion","metadata":{"name":"replay-bad"},
         "spec":{"osImage":"registry.example/nestos@%s","nodeSelector":{"matchLabels":{"a":"b"}},
         "rollout":{"maxUnavailable":"150%%","staging":{"policy":"Lazy"}}}}"""
            .formatted(DIGEST));
    send(
        "POST",
        OSV,
        """
        {"apiVersion":"nestos.openeuler.org/v1alpha1","kind":"OSVersion","metadata":{"name":"replay-hand"},
         "spec":{"osImage":"registry.example/nestos@%s","nodeSelector":{"matchLabels":{"replay-none":"x"}}}}"""
            .formatted(DIGEST));
    // everything that happened to the config maps since cm-a was created
    send("GET", CM + "?watch=true&resourceVersion=" + created, null);
  }

  private void patches() {
    send(
        "PATCH",
        CM + "/cm-a",
        "application/strategic-merge-patch+json",
        "{\"metadata\":{\"labels\":{\"extra\":\"1\"}},\"data\":{\"s\":\"1\"}}");
    send(
        "PATCH",
        CM + "/cm-a",
        "application/merge-patch+json",
        "{\"data\":{\"s\":null,\"m\":\"2\"}}");
    send(
        "PATCH",
        CM + "/cm-a",
        "application/json-patch+json",
        "[{\"op\":\"test\",\"path\":\"/data/k\",\"value\":\"v2\"},"
            + "{\"op\":\"replace\",\"path\":\"/data/k\",\"value\":\"v3\"}]");
    send(
        "PATCH",
        CM + "/cm-a",
        "application/json-patch+json",
        "[{\"op\":\"test\",\"path\":\"/data/k\",\"value\":\"nope\"}]");
    String current = rv(send("GET", CM + "/cm-a", null));
    send(
        "PATCH",
        CM + "/cm-a",
        "application/merge-patch+json",
        "{\"metadata\":{\"resourceVersion\":\"" + current + "\"},\"data\":{\"rv\":\"ok\"}}");
    send(
        "PATCH",
        CM + "/cm-a",
        "application/merge-patch+json",
        "{\"metadata\":{\"resourceVersion\":\"" + current + "\"},\"data\":{\"rv\":\"stale\"}}");
    send(
        "PATCH",
        OSV + "/replay-hand",
        "application/strategic-merge-patch+json",
        "{\"spec\":{\"paused\":true}}");
    send(
        "PATCH",
        OSV + "/replay-hand",
        "application/json-patch+json",
        "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"patched\":\"json\"}}]");
    send(
        "PATCH",
        OSV + "/replay-hand/status",
        "application/merge-patch+json",
        "{\"status\":{\"observedGeneration\":1}}");
  }

  private void serverSideApply() {
    String apply =
        """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm-ssa","namespace":"%s"},
         "data":{"k":"%s"}}""";
    send(
        "PATCH",
        CM + "/cm-ssa?fieldManager=mgr-a",
        "application/apply-patch+yaml",
        apply.formatted(NS, "a"));
    send(
        "PATCH",
        CM + "/cm-ssa?fieldManager=mgr-b",
        "application/apply-patch+yaml",
        apply.formatted(NS, "b"));
    send(
        "PATCH",
        CM + "/cm-ssa?fieldManager=mgr-b&force=true",
        "application/apply-patch+yaml",
        apply.formatted(NS, "b"));
    send(
        "PATCH",
        CM + "/cm-ssa?fieldManager=mgr-a",
        "application/apply-patch+yaml",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm-ssa\"}}");
    send(
        "PATCH",
        OSV + "/replay-hand?fieldManager=mgr-a",
        "application/apply-patch+yaml",
        """
        {"apiVersion":"nestos.openeuler.org/v1alpha1","kind":"OSVersion","metadata":{"name":"replay-hand"},
         "spec":{"paused":false}}""");
  }

  private void selectorsAndPages() {
    send("GET", CM + "?labelSelector=" + q("app=replay"), null);
    send("GET", CM + "?labelSelector=" + q("app=replay,tier in (a,c)"), null);
    send("GET", CM + "?labelSelector=" + q("!extra"), null);
    send("GET", CM + "?fieldSelector=" + q("metadata.name=cm-b"), null);
    send("GET", CM + "?fieldSelector=" + q("metadata.name!=cm-b"), null);
    send("GET", "/api/v1/configmaps?fieldSelector=" + q("metadata.namespace=" + NS), null);
    send("GET", "/api/v1/nodes?labelSelector=" + q("replay-pool=workers"), null);
    send("GET", "/api/v1/pods?fieldSelector=" + q("spec.nodeName=replay-n0"), null);
    JsonNode page = send("GET", CM + "?limit=2", null);
    String token = page.path("metadata").path("continue").asText("");
    if (!token.isEmpty()) {
      send("GET", CM + "?limit=2&continue=" + q(token), null);
    }
    send("GET", CM + "?labelSelector=" + q("bad selector ==="), null);
  }

  private void deletePreconditions() {
    JsonNode b = send("GET", CM + "/cm-b", null);
    send("DELETE", CM + "/cm-b", "{\"preconditions\":{\"resourceVersion\":\"1\"}}"); // stale: 409
    send(
        "DELETE",
        CM + "/cm-b",
        "{\"preconditions\":{\"uid\":\"00000000-0000-0000-0000-000000000000\"}}"); // wrong uid: 409
    send(
        "DELETE",
        CM + "/cm-b",
        "{\"preconditions\":{\"resourceVersion\":\"" + rv(b) + "\"}}"); // current: 200
    send("DELETE", CM + "/cm-b", null); // gone: 404
    send("DELETE", CM + "/cm-c?dryRun=All", null);
    send("GET", CM + "/cm-c", null);
  }

  private void evictions(Recording recording) {
    String pods = "/api/v1/namespaces/" + NS + "/pods";
    String pod =
        """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"app":"%s"}},
         "spec":{"nodeName":"replay-n1","containers":[{"name":"c","image":"registry.example/app:1"}]}}""";
    send("POST", pods, pod.formatted("pod-free", "free"));
    send("POST", pods, pod.formatted("pod-guarded", "guarded"));
    send("POST", pods, pod.formatted("pod-graceful", "graceful"));
    String pdbs = "/apis/policy/v1/namespaces/" + NS + "/poddisruptionbudgets";
    send(
        "POST",
        pdbs,
        """
        {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"guard"},
         "spec":{"minAvailable":1,"selector":{"matchLabels":{"app":"guarded"}}}}""");
    recording.awaitNext("/status/observedGeneration");
    send("GET", pdbs + "/guard", null);
    String eviction =
        """
        {"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"%s","namespace":"%s"}%s}""";
    send(
        "POST",
        pods + "/pod-guarded/eviction",
        eviction.formatted("pod-guarded", NS, ",\"deleteOptions\":{\"dryRun\":[\"All\"]}"));
    send("POST", pods + "/pod-guarded/eviction", eviction.formatted("pod-guarded", NS, ""));
    send(
        "POST",
        pods + "/pod-free/eviction",
        eviction.formatted("pod-free", NS, ",\"deleteOptions\":{\"gracePeriodSeconds\":0}"));
    send("GET", pods + "/pod-free", null);
    send("POST", pods + "/pod-graceful/eviction", eviction.formatted("pod-graceful", NS, ""));
    send("GET", pods + "/pod-graceful", null);
    send("POST", pods + "/missing/eviction", eviction.formatted("missing", NS, ""));
  }

  private static String configMap(String name, String tier, String value) {
    return """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"%s","labels":{"app":"replay","tier":"%s"}},
         "data":{"k":"%s"}}"""
        .formatted(name, tier, value);
  }

  private static String rv(JsonNode object) {
    return object.path("metadata").path("resourceVersion").asText();
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private JsonNode send(String method, String uri, String body) {
    return send(method, uri, "application/json", body);
  }

  private JsonNode send(String method, String uri, String contentType, String body) {
    boolean watch = uri.contains("watch=true");
    HttpRequest.Builder b =
        http.newHttpRequestBuilder().uri(base + uri + (watch ? "&timeoutSeconds=1" : ""));
    b.setHeader("User-Agent", AGENT);
    if (body != null || !method.equals("GET")) {
      b.method(method, contentType, body == null ? "" : body);
    }
    try {
      HttpResponse<String> r = http.sendAsync(b.build(), String.class).get(30, TimeUnit.SECONDS);
      String text = r.body();
      if (watch || text == null || text.isBlank()) {
        return MAPPER.createObjectNode();
      }
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + uri + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + uri + ": " + e, e);
    }
  }
}
