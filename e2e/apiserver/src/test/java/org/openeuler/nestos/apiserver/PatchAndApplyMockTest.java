package org.openeuler.nestos.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PATCH in all four content types and server-side apply with managed fields, over raw HTTP. */
class PatchAndApplyMockTest {

  static TestApiServer server;
  static RawHttp http;
  static final String WIDGETS = "/apis/test.nestos.io/v1/namespaces/default/widgets";

  @BeforeAll
  static void start() throws Exception {
    server = TestApiServer.start();
    http = new RawHttp(server.url());
    String crd =
        new String(
            PatchAndApplyMockTest.class.getResourceAsStream("/widgets-crd.yaml").readAllBytes());
    JsonNode crdJson =
        new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
            .readTree(crd);
    assertThat(
            http.post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crdJson.toString())
                .code())
        .isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static RawHttp.Reply apply(String name, String manager, boolean force, String yaml) {
    return http.send(
        "PATCH",
        WIDGETS + "/" + name + "?fieldManager=" + manager + (force ? "&force=true" : ""),
        "application/apply-patch+yaml",
        yaml);
  }

  @Test
  void mergePatchRemovesNullKeysPerRfc7386() {
    http.post(
        WIDGETS,
        """
        {"apiVersion":"test.nestos.io/v1","kind":"Widget","metadata":{"name":"m","labels":{"a":"1","b":"2"}},
         "spec":{"size":3,"color":"red"}}""");
    RawHttp.Reply patched =
        http.send(
            "PATCH",
            WIDGETS + "/m",
            "application/merge-patch+json",
            "{\"metadata\":{\"labels\":{\"a\":null}},\"spec\":{\"color\":null}}");

    assertThat(patched.code()).isEqualTo(200);
    assertThat(patched.body().path("metadata").path("labels").has("a")).isFalse();
    assertThat(patched.body().path("metadata").path("labels").path("b").asText()).isEqualTo("2");
    assertThat(patched.body().path("spec").has("color")).isFalse();
    assertThat(patched.body().path("metadata").path("generation").asInt()).isEqualTo(2);
  }

  @Test
  void strategicMergeIsRefusedForCustomResourcesButServedForBuiltins() {
    http.post(
        WIDGETS,
        """
        {"apiVersion":"test.nestos.io/v1","kind":"Widget","metadata":{"name":"s"},"spec":{"size":3}}""");
    assertThat(
            http.send(
                    "PATCH",
                    WIDGETS + "/s",
                    "application/strategic-merge-patch+json",
                    "{\"spec\":{}}")
                .code())
        .isEqualTo(415);

    http.post(
        "/api/v1/nodes",
        """
        {"apiVersion":"v1","kind":"Node","metadata":{"name":"n1","labels":{"x":"1"}}}""");
    RawHttp.Reply cordoned =
        http.send(
            "PATCH",
            "/api/v1/nodes/n1",
            "application/strategic-merge-patch+json",
            "{\"metadata\":{\"labels\":{\"y\":\"2\"}},\"spec\":{\"unschedulable\":true}}");
    assertThat(cordoned.code()).isEqualTo(200);
    assertThat(cordoned.body().path("spec").path("unschedulable").asBoolean()).isTrue();
    assertThat(cordoned.body().path("metadata").path("labels").size()).isEqualTo(2);
  }

  @Test
  void aJsonPatchRemovingTheLastAnnotationLeavesNoAnnotationsAsTheRealServerDoes() {
    http.post(
        "/api/v1/nodes",
        """
        {"apiVersion":"v1","kind":"Node","metadata":{"name":"n-last","annotations":{"a":"1"}}}""");
    RawHttp.Reply patched =
        http.send(
            "PATCH",
            "/api/v1/nodes/n-last",
            "application/json-patch+json",
            "[{\"op\":\"test\",\"path\":\"/metadata/annotations/a\",\"value\":\"1\"},"
                + "{\"op\":\"remove\",\"path\":\"/metadata/annotations/a\"}]");
    assertThat(patched.code()).isEqualTo(200);
    assertThat(patched.body().path("metadata").has("annotations")).isFalse();
    assertThat(http.get("/api/v1/nodes/n-last").body().path("metadata").has("annotations"))
        .isFalse();
  }

  @Test
  void statusPatchWithQueryStringChangesOnlyStatus() {
    http.post(
        WIDGETS,
        """
        {"apiVersion":"test.nestos.io/v1","kind":"Widget","metadata":{"name":"st"},"spec":{"size":3}}""");
    RawHttp.Reply patched =
        http.send(
            "PATCH",
            WIDGETS + "/st/status?fieldManager=ctrl",
            "application/merge-patch+json",
            "{\"status\":{\"observedGeneration\":1},\"spec\":{\"size\":9}}");

    assertThat(patched.code()).isEqualTo(200);
    assertThat(patched.body().path("status").path("observedGeneration").asInt()).isEqualTo(1);
    assertThat(patched.body().path("spec").path("size").asInt()).isEqualTo(3);
  }

  @Test
  void serverSideApplyOwnsRemovesAndConflicts() {
    RawHttp.Reply created =
        apply(
            "ssa",
            "alice",
            false,
            """
        apiVersion: test.nestos.io/v1
        kind: Widget
        metadata: {name: ssa}
        spec: {size: 4, color: red}
        """);
    assertThat(created.code()).isEqualTo(201);
    assertThat(
            created.body().path("metadata").path("managedFields").get(0).path("manager").asText())
        .isEqualTo("alice");

    RawHttp.Reply omitted =
        apply(
            "ssa",
            "alice",
            false,
            """
        apiVersion: test.nestos.io/v1
        kind: Widget
        metadata: {name: ssa}
        spec: {size: 4}
        """);
    assertThat(omitted.code()).isEqualTo(200);
    assertThat(omitted.body().path("spec").has("color")).isFalse();

    RawHttp.Reply conflict =
        apply(
            "ssa",
            "bob",
            false,
            """
        apiVersion: test.nestos.io/v1
        kind: Widget
        metadata: {name: ssa}
        spec: {size: 5}
        """);
    assertThat(conflict.code()).isEqualTo(409);
    assertThat(conflict.body().path("message").asText()).contains("alice").contains("spec.size");

    RawHttp.Reply forced =
        apply(
            "ssa",
            "bob",
            true,
            """
        apiVersion: test.nestos.io/v1
        kind: Widget
        metadata: {name: ssa}
        spec: {size: 5}
        """);
    assertThat(forced.code()).isEqualTo(200);
    assertThat(forced.body().path("spec").path("size").asInt()).isEqualTo(5);
  }

  @Test
  void applyWithoutFieldManagerIsABadRequest() {
    RawHttp.Reply reply =
        http.send(
            "PATCH",
            WIDGETS + "/nofm",
            "application/apply-patch+yaml",
            "{\"apiVersion\":\"test.nestos.io/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"nofm\"}}");
    assertThat(reply.code()).isEqualTo(400);
  }

  @Test
  void serverSideApplyWorksOnStatus() {
    http.post(
        WIDGETS,
        """
        {"apiVersion":"test.nestos.io/v1","kind":"Widget","metadata":{"name":"sst"},"spec":{"size":3}}""");
    RawHttp.Reply reply =
        http.send(
            "PATCH",
            WIDGETS + "/sst/status?fieldManager=ctrl&force=true",
            "application/apply-patch+yaml",
            """
        {"apiVersion":"test.nestos.io/v1","kind":"Widget","metadata":{"name":"sst"},
         "status":{"conditions":[{"type":"Ready","status":"True","reason":"Done"}]}}""");
    assertThat(reply.code()).isEqualTo(200);
    assertThat(reply.body().path("status").path("conditions").get(0).path("reason").asText())
        .isEqualTo("Done");
    assertThat(reply.body().path("metadata").path("generation").asInt()).isEqualTo(1);
  }
}
