package org.openeuler.nestos.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.apiserver.registry.ResourceRegistry;
import org.openeuler.nestos.apiserver.registry.TestCrds;

class OpenApiV3Test {

  private final ResourceRegistry registry = TestCrds.registry();

  @Test
  void indexPointsAtEveryGroupVersionWithHash() {
    ObjectNode index = OpenApiV3.index(registry);
    assertThat(index.path("paths").path("api/v1").path("serverRelativeURL").asText())
        .startsWith("/openapi/v3/api/v1?hash=");
    assertThat(
            index
                .path("paths")
                .path("apis/nestos.openeuler.org/v1alpha1")
                .path("serverRelativeURL")
                .asText())
        .matches("/openapi/v3/apis/nestos.openeuler.org/v1alpha1\\?hash=[0-9A-F]{128}");
  }

  @Test
  void crdSchemaHasGvkDescriptionsAndObjectMetaRef() {
    ObjectNode doc =
        OpenApiV3.groupVersion(registry, "nestos.openeuler.org", "v1alpha1").orElseThrow();
    JsonNode schemas = doc.path("components").path("schemas");
    JsonNode osv = schemas.path("org.openeuler.nestos.v1alpha1.OSVersion");
    assertThat(osv.path("x-kubernetes-group-version-kind").get(0).toString())
        .isEqualTo(
            "{\"group\":\"nestos.openeuler.org\",\"kind\":\"OSVersion\",\"version\":\"v1alpha1\"}");
    assertThat(
            osv.path("properties")
                .path("spec")
                .path("properties")
                .path("rollout")
                .path("description")
                .asText())
        .isEqualTo("How nodes are upgraded.");
    assertThat(osv.path("properties").path("metadata").path("allOf").get(0).path("$ref").asText())
        .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    assertThat(
            schemas
                .path("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")
                .path("properties")
                .has("labels"))
        .isTrue();
    assertThat(
            schemas
                .path("org.openeuler.nestos.v1alpha1.OSVersionList")
                .path("x-kubernetes-group-version-kind")
                .get(0)
                .path("kind")
                .asText())
        .isEqualTo("OSVersionList");
  }

  @Test
  void everyPatchOperationDeclaresFieldValidationAndGvk() {
    ObjectNode doc =
        OpenApiV3.groupVersion(registry, "nestos.openeuler.org", "v1alpha1").orElseThrow();
    JsonNode item = doc.path("paths").path("/apis/nestos.openeuler.org/v1alpha1/osversions/{name}");
    JsonNode patch = item.path("patch");
    assertThat(patch.path("x-kubernetes-group-version-kind").path("kind").asText())
        .isEqualTo("OSVersion");
    assertThat(queryParams(patch)).contains("fieldValidation", "dryRun", "fieldManager");
    assertThat(queryParams(item.path("put"))).contains("fieldValidation");
    assertThat(
            patch.path("requestBody").path("content").has("application/strategic-merge-patch+json"))
        .isFalse();
    assertThat(
            doc.path("paths").has("/apis/nestos.openeuler.org/v1alpha1/osversions/{name}/status"))
        .isTrue();
    assertThat(
            queryParams(
                doc.path("paths")
                    .path("/apis/nestos.openeuler.org/v1alpha1/osversions")
                    .path("post")))
        .contains("fieldValidation");
  }

  @Test
  void coreDocumentHasNamespacedPathsAndNamespacePatch() {
    ObjectNode doc = OpenApiV3.groupVersion(registry, "", "v1").orElseThrow();
    assertThat(doc.path("paths").has("/api/v1/namespaces/{namespace}/pods/{name}")).isTrue();
    JsonNode nsPatch = doc.path("paths").path("/api/v1/namespaces/{name}").path("patch");
    assertThat(nsPatch.path("x-kubernetes-group-version-kind").path("kind").asText())
        .isEqualTo("Namespace");
    assertThat(queryParams(nsPatch)).contains("fieldValidation");
    assertThat(doc.path("components").path("schemas").has("io.k8s.api.core.v1.Pod")).isTrue();
    assertThat(
            OpenApiV3.groupVersion(registry, "apps", "v1")
                .orElseThrow()
                .path("components")
                .path("schemas")
                .has("io.k8s.api.apps.v1.DaemonSet"))
        .isTrue();
    assertThat(OpenApiV3.groupVersion(registry, "nope", "v1")).isEmpty();
  }

  @Test
  void swaggerV2HasCrdDefinitionWithGvkAndNoV3Keywords() {
    ObjectNode v2 = OpenApiV2.document(registry);
    assertThat(v2.path("swagger").asText()).isEqualTo("2.0");
    JsonNode osv = v2.path("definitions").path("org.openeuler.nestos.v1alpha1.OSVersion");
    assertThat(osv.path("x-kubernetes-group-version-kind").get(0).path("kind").asText())
        .isEqualTo("OSVersion");
    assertThat(osv.path("properties").path("metadata").path("$ref").asText())
        .isEqualTo("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    assertThat(
            v2.path("definitions")
                .path("io.k8s.api.core.v1.Pod")
                .has("x-kubernetes-group-version-kind"))
        .isFalse();
    assertThat(v2.toString()).doesNotContain("\"nullable\"").doesNotContain("components");
  }

  private static List<String> queryParams(JsonNode op) {
    List<String> names = new ArrayList<>();
    op.path("parameters")
        .forEach(
            p -> {
              if (p.path("in").asText().equals("query")) {
                names.add(p.path("name").asText());
              }
            });
    return names;
  }
}
