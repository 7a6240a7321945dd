package org.openeuler.nestos.apiserver.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.apiserver.registry.ResourceRegistry;
import org.openeuler.nestos.apiserver.registry.TestCrds;

class DiscoveryTest {

  private final ResourceRegistry registry = TestCrds.registry();

  @Test
  void versionIs132() {
    assertThat(Discovery.version().path("gitVersion").asText()).isEqualTo("v1.32.0");
    assertThat(Discovery.version().path("minor").asText()).isEqualTo("32");
    assertThat(Discovery.apiVersions().path("versions").get(0).asText()).isEqualTo("v1");
  }

  @Test
  void coreResourcesCarryShortNamesCategoriesAndSubresources() {
    ObjectNode list = Discovery.apiResourceList(registry, "", "v1").orElseThrow();
    assertThat(list.path("kind").asText()).isEqualTo("APIResourceList");
    assertThat(list.path("groupVersion").asText()).isEqualTo("v1");
    JsonNode pods = resource(list, "pods");
    assertThat(pods.path("singularName").asText()).isEqualTo("pod");
    assertThat(pods.path("shortNames").toString()).isEqualTo("[\"po\"]");
    assertThat(pods.path("categories").toString()).isEqualTo("[\"all\"]");
    assertThat(pods.path("verbs").toString()).contains("watch", "deletecollection");
    JsonNode eviction = resource(list, "pods/eviction");
    assertThat(eviction.path("kind").asText()).isEqualTo("Eviction");
    assertThat(eviction.path("group").asText()).isEqualTo("policy");
    assertThat(eviction.path("verbs").toString()).isEqualTo("[\"create\"]");
    assertThat(resource(list, "nodes/status").path("verbs").toString())
        .isEqualTo("[\"get\",\"patch\",\"update\"]");
    assertThat(resource(list, "nodes/status").has("group")).isFalse();
  }

  @Test
  void crdGroupIsListedWithPreferredVersionAndResources() {
    ObjectNode groups = Discovery.apiGroupList(registry);
    JsonNode nestos = null;
    for (JsonNode g : groups.path("groups")) {
      assertThat(g.path("name").asText()).isNotEmpty();
      if (g.path("name").asText().equals("nestos.openeuler.org")) {
        nestos = g;
      }
    }
    assertThat(nestos).isNotNull();
    assertThat(nestos.path("preferredVersion").path("groupVersion").asText())
        .isEqualTo("nestos.openeuler.org/v1alpha1");
    ObjectNode list =
        Discovery.apiResourceList(registry, "nestos.openeuler.org", "v1alpha1").orElseThrow();
    JsonNode osv = resource(list, "osversions");
    assertThat(osv.path("namespaced").asBoolean(true)).isFalse();
    assertThat(osv.path("kind").asText()).isEqualTo("OSVersion");
    assertThat(osv.path("shortNames").toString()).isEqualTo("[\"osv\"]");
    assertThat(osv.path("categories").toString()).isEqualTo("[\"nestos\"]");
    assertThat(resource(list, "osversions/status").path("kind").asText()).isEqualTo("OSVersion");
    assertThat(Discovery.apiResourceList(registry, "nope", "v1")).isEmpty();
    assertThat(Discovery.apiGroup(registry, "apps").orElseThrow().path("kind").asText())
        .isEqualTo("APIGroup");
  }

  @Test
  void authReviewsAreCreateOnly() {
    ObjectNode list =
        Discovery.apiResourceList(registry, "authorization.k8s.io", "v1").orElseThrow();
    assertThat(resource(list, "selfsubjectrulesreviews").path("verbs").toString())
        .isEqualTo("[\"create\"]");
  }

  @Test
  void aggregatedDocumentSeparatesCoreFromGroups() {
    ObjectNode core = AggregatedDiscovery.groupDiscoveryList(registry, true);
    assertThat(core.path("items")).hasSize(1);
    JsonNode pods = core.path("items").get(0).path("versions").get(0).path("resources").get(2);
    assertThat(pods.path("resource").asText()).isEqualTo("pods");
    assertThat(pods.path("scope").asText()).isEqualTo("Namespaced");
    assertThat(pods.path("subresources").get(1).path("responseKind").path("kind").asText())
        .isEqualTo("Eviction");
    ObjectNode apis = AggregatedDiscovery.groupDiscoveryList(registry, false);
    assertThat(apis.path("items").findValuesAsText("name"))
        .contains("apps", "nestos.openeuler.org");
    assertThat(Discovery.KUBECTL_132_ACCEPT).startsWith(Discovery.AGGREGATED_V2_CONTENT_TYPE);
  }

  private static JsonNode resource(JsonNode list, String name) {
    for (JsonNode r : list.path("resources")) {
      if (r.path("name").asText().equals(name)) {
        return r;
      }
    }
    throw new AssertionError("no resource " + name + " in " + list);
  }
}
