package org.openeuler.nestos.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CrdShapeTest {

  @ParameterizedTest
  @CsvSource({
    "osversions,OSVersion,osv",
    "nodeconfigs,NodeConfig,nc",
    "rubikpolicies,RubikPolicy,rp",
    "nodestates,NodeState,nst"
  })
  void namesScopeCategoryAndStatusSubresource(String plural, String kind, String shortName) {
    JsonNode crd = crd(plural);
    assertThat(crd.at("/metadata/name").asText()).isEqualTo(plural + ".nestos.openeuler.org");
    assertThat(crd.at("/spec/group").asText()).isEqualTo("nestos.openeuler.org");
    assertThat(crd.at("/spec/scope").asText()).isEqualTo("Cluster");
    assertThat(crd.at("/spec/names/kind").asText()).isEqualTo(kind);
    assertThat(crd.at("/spec/names/singular").asText()).isEqualTo(kind.toLowerCase());
    assertThat(texts(crd.at("/spec/names/shortNames"))).containsExactly(shortName);
    assertThat(texts(crd.at("/spec/names/categories"))).containsExactly("nestos");
    assertThat(crd.at("/spec/versions")).hasSize(1);
    assertThat(crd.at("/spec/versions/0/name").asText()).isEqualTo("v1alpha1");
    assertThat(crd.at("/spec/versions/0/subresources/status").isObject()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"osversions", "nodeconfigs", "rubikpolicies", "nodestates"})
  void conditionsAreAListMapKeyedByType(String plural) {
    JsonNode conditions =
        GeneratedCrds.schema(crd(plural)).at("/properties/status/properties/conditions");
    assertThat(conditions.path("x-kubernetes-list-type").asText()).isEqualTo("map");
    assertThat(texts(conditions.path("x-kubernetes-list-map-keys"))).containsExactly("type");
    assertThat(conditions.path("maxItems").asInt()).isPositive();
    assertThat(texts(conditions.at("/items/required"))).contains("type", "status", "reason");
  }

  @Test
  void listsOfNamedThingsAreListMaps() {
    List<String> wrong = new ArrayList<>();
    GeneratedCrds.load()
        .forEach(
            (file, crd) ->
                SchemaWalker.walk(
                    file + ":",
                    GeneratedCrds.schema(crd),
                    (p, n) -> {
                      boolean named =
                          n.path("type").asText().equals("array")
                              && n.at("/items/properties/name").isObject();
                      if (named
                          && !(n.path("x-kubernetes-list-type").asText().equals("map")
                              && texts(n.path("x-kubernetes-list-map-keys")).contains("name"))) {
                        wrong.add(p);
                      }
                    }));
    assertThat(wrong).isEmpty();
  }

  @Test
  void printerColumns() {
    assertThat(columns("osversions"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "Image",
                ".spec.osImage",
                "Version",
                ".status.version",
                "Targets",
                ".status.targetNodes",
                "Updated",
                ".status.updatedNodes",
                "Failed",
                ".status.failedNodes",
                "Ready",
                ".status.conditions[?(@.type==\"Ready\")].reason",
                "Age",
                ".metadata.creationTimestamp"));
    assertThat(columns("nodeconfigs"))
        .containsEntry("Targets", ".status.targetNodes")
        .containsEntry("Applied", ".status.appliedNodes")
        .containsEntry("Conflicts", ".status.conflictCount")
        .containsEntry("Ready", ".status.conditions[?(@.type==\"Ready\")].reason");
    assertThat(columns("rubikpolicies"))
        .containsEntry("Targets", ".status.targetNodes")
        .containsEntry("Applied", ".status.appliedNodes")
        .containsEntry("Backend", ".spec.mode")
        .containsEntry("Ready", ".status.conditions[?(@.type==\"Ready\")].reason");
    assertThat(columns("nodestates"))
        .containsEntry("Booted", ".status.deployments.booted.version")
        .containsEntry("Revision", ".spec.revision")
        .containsEntry("Updated", ".status.conditions[?(@.type==\"Updated\")].status")
        .containsEntry("Age", ".metadata.creationTimestamp");
  }

  @Test
  void printerColumnPathsExistInTheSchema() {
    for (String plural : List.of("osversions", "nodeconfigs", "rubikpolicies", "nodestates")) {
      JsonNode schema = GeneratedCrds.schema(crd(plural));
      for (String path : columns(plural).values()) {
        if (path.startsWith(".metadata")) {
          continue;
        }
        JsonNode node = schema;
        for (String seg : path.replaceAll("\\[\\?.*\\]", "").substring(1).split("\\.")) {
          node =
              node.path("properties").path(seg).isMissingNode()
                  ? node.path("items").path("properties").path(seg)
                  : node.path("properties").path(seg);
        }
        assertThat(node.isObject()).as(plural + " column " + path).isTrue();
      }
    }
  }

  @Test
  void defaultsAreInTheSchema() {
    JsonNode rollout =
        GeneratedCrds.schema(crd("osversions")).at("/properties/spec/properties/rollout");
    assertThat(rollout.path("default").isObject()).isTrue();
    assertThat(rollout.at("/properties/maxUnavailable/default").asInt()).isEqualTo(1);
    assertThat(rollout.at("/properties/partition/default").asText()).isEqualTo("100%");
    assertThat(rollout.at("/properties/maxFailures/default").asInt()).isZero();
    assertThat(rollout.at("/properties/paused/default").asBoolean(true)).isFalse();
    assertThat(rollout.at("/properties/staging/properties/policy/default").asText())
        .isEqualTo("OnGrant");
    assertThat(rollout.at("/properties/healthGate/properties/failureAction/default").asText())
        .isEqualTo("RollbackNode");
    assertThat(rollout.at("/properties/maxUnavailable/description").asText())
        .contains("0 is accepted and means 1");
  }

  private static Map<String, String> columns(String plural) {
    Map<String, String> out = new LinkedHashMap<>();
    crd(plural)
        .at("/spec/versions/0/additionalPrinterColumns")
        .forEach(c -> out.put(c.path("name").asText(), c.path("jsonPath").asText()));
    return out;
  }

  private static JsonNode crd(String plural) {
    return GeneratedCrds.load().get(plural + ".nestos.openeuler.org-v1.yml");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
