package org.openeuler.nestos.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every integer any CRD accepts fits the Java model's {@code int}: a {@code maximum} of at most
 * 2^31-1 (and a minimum) on every integer, and a CEL bound on the integer branch of every
 * int-or-string. An unbounded integer is accepted by the API server and then cannot be read by the
 * operator (issue 11, item 1).
 */
class IntegerBoundsTest {

  private static final long INT_MAX = Integer.MAX_VALUE;

  @Test
  void everyIntegerIsBoundedToInt() {
    List<String> unbounded = new ArrayList<>();
    for (Map.Entry<String, JsonNode> crd : GeneratedCrds.load().entrySet()) {
      SchemaWalker.walk(
          crd.getKey(),
          GeneratedCrds.schema(crd.getValue()),
          (path, s) -> {
            if ("integer".equals(s.path("type").asText())) {
              if (!s.has("maximum") || s.get("maximum").asDouble() > INT_MAX) {
                unbounded.add(path + " maximum " + s.path("maximum"));
              }
              if (!s.has("minimum") || s.get("minimum").asDouble() < Integer.MIN_VALUE) {
                unbounded.add(path + " minimum " + s.path("minimum"));
              }
            }
          });
    }
    assertThat(unbounded).isEmpty();
  }

  @Test
  void everyIntOrStringHasAnIntBoundRule() {
    List<String> unbounded = new ArrayList<>();
    int seen = 0;
    for (Map.Entry<String, JsonNode> crd : GeneratedCrds.load().entrySet()) {
      List<String> found = new ArrayList<>();
      SchemaWalker.walk(
          crd.getKey(),
          GeneratedCrds.schema(crd.getValue()),
          (path, s) -> {
            JsonNode props = s.path("properties");
            props
                .fields()
                .forEachRemaining(
                    p -> {
                      if (p.getValue().path("x-kubernetes-int-or-string").asBoolean()) {
                        found.add(path + "." + p.getKey());
                        String bound = "self." + p.getKey() + " <= " + INT_MAX;
                        boolean ruled = false;
                        for (JsonNode r : s.path("x-kubernetes-validations")) {
                          ruled |= r.path("rule").asText().contains(bound);
                        }
                        if (!ruled) {
                          unbounded.add(path + "." + p.getKey());
                        }
                      }
                    });
          });
      seen += found.size();
    }
    assertThat(seen).as("int-or-string fields found").isGreaterThanOrEqualTo(3);
    assertThat(unbounded).isEmpty();
  }
}
