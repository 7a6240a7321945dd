package org.openeuler.nestos.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrdDescriptionsTest {

  @Test
  void fourCrdsAreGenerated() {
    assertThat(GeneratedCrds.load().keySet())
        .containsExactly(
            "nodeconfigs.nestos.openeuler.org-v1.yml", "nodestates.nestos.openeuler.org-v1.yml",
            "osversions.nestos.openeuler.org-v1.yml", "rubikpolicies.nestos.openeuler.org-v1.yml");
  }

  @Test
  void everySchemaPropertyHasADescription() {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, JsonNode> crd : GeneratedCrds.load().entrySet()) {
      SchemaWalker.walk(
          crd.getKey() + ":",
          GeneratedCrds.schema(crd.getValue()),
          (path, node) -> {
            // Named properties need a description (kubectl explain shows it); the anonymous
            // items/additionalProperties
            // schemas are described by their property and only traversed for the properties they
            // contain.
            boolean anonymous = path.endsWith(":") || path.endsWith("[]") || path.endsWith("{}");
            if (!anonymous
                && (!node.hasNonNull("description")
                    || node.get("description").asText().isBlank())) {
              missing.add(path);
            }
          });
    }
    assertThat(missing).as("schema properties without a description").isEmpty();
  }
}
