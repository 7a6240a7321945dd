package org.openeuler.nestos.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CelBoundsTest {

  @Test
  void everyValueACelRuleReachesIsBounded() {
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> crd : GeneratedCrds.load().entrySet()) {
      violations.addAll(CelBounds.violations(crd.getKey(), GeneratedCrds.schema(crd.getValue())));
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void rulesExistWhereTheApiPromisesThem() {
    Map<String, JsonNode> crds = GeneratedCrds.load();
    assertThat(rules(crds.get("nodestates.nestos.openeuler.org-v1.yml")))
        .anyMatch(r -> r.contains("self.metadata.name == self.spec.nodeName"));
    assertThat(rules(crds.get("nodeconfigs.nestos.openeuler.org-v1.yml")))
        .anyMatch(r -> r.contains("kernel.panic_on_oops"))
        .anyMatch(r -> r.contains("BOOT_IMAGE"))
        .anyMatch(r -> r.contains("kernel.core_pattern"));
    assertThat(rules(crds.get("osversions.nestos.openeuler.org-v1.yml")))
        .anyMatch(r -> r.contains("self.maxUnavailable"))
        .anyMatch(r -> r.contains("has(self.podsReady)"));
  }

  @Test
  void selfTestAnUnboundedListUnderARuleIsReported() {
    JsonNode crd = GeneratedCrds.load().get("nodeconfigs.nestos.openeuler.org-v1.yml").deepCopy();
    ObjectNode kargs =
        (ObjectNode) GeneratedCrds.schema(crd).at("/properties/spec/properties/kernelArguments");
    assertThat(kargs.remove("maxItems")).isNotNull();
    assertThat(CelBounds.violations("mutated", GeneratedCrds.schema(crd)))
        .anyMatch(v -> v.startsWith("mutated:.spec.kernelArguments: array without maxItems"));
  }

  @Test
  void selfTestAnUnboundedStringUnderARuleIsReported() {
    JsonNode crd = GeneratedCrds.load().get("nodeconfigs.nestos.openeuler.org-v1.yml").deepCopy();
    ObjectNode value =
        (ObjectNode)
            GeneratedCrds.schema(crd)
                .at("/properties/spec/properties/sysctls/items/properties/value");
    assertThat(value.remove("maxLength")).isNotNull();
    assertThat(CelBounds.violations("mutated", GeneratedCrds.schema(crd)))
        .anyMatch(v -> v.startsWith("mutated:.spec.sysctls[].value: string without maxLength"));
  }

  @Test
  void selfTestARuleInsideAnUnboundedListIsReported() {
    JsonNode crd = GeneratedCrds.load().get("nodeconfigs.nestos.openeuler.org-v1.yml").deepCopy();
    ObjectNode sysctls =
        (ObjectNode) GeneratedCrds.schema(crd).at("/properties/spec/properties/sysctls");
    assertThat(sysctls.remove("maxItems")).isNotNull();
    assertThat(CelBounds.violations("mutated", GeneratedCrds.schema(crd)))
        .anyMatch(v -> v.contains("rule under unbounded collection mutated:.spec.sysctls"));
  }

  private static List<String> rules(JsonNode crd) {
    List<String> out = new ArrayList<>();
    SchemaWalker.walk(
        "",
        GeneratedCrds.schema(crd),
        (p, n) ->
            n.path("x-kubernetes-validations").forEach(r -> out.add(r.path("rule").asText())));
    return out;
  }
}
