package org.openeuler.nestos.api.validation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The deliberate differences between our validator and kube-apiserver that the differential test
 * excludes, each listed with its reason in docs/admission-differential.md.
 */
final class KnownDifferences {

  private KnownDifferences() {}

  /** Whether {@code object} hits one of the listed differences. */
  static boolean any(CrdSchema schema, JsonNode object) {
    return arrayInFormattedString(schema, object) || floatIntegerReadByRule(schema, object);
  }

  /**
   * Whether {@code object} writes an integer field in float form ({@code 2.0}) that a CEL rule of
   * the enclosing object reads ({@code self.<field>}): kube-apiserver's schema check takes {@code
   * 2.0} as an integer, but its CEL values come from the decoded float64 and the rule fails with
   * "invalid data, expected int, got float64" (found when {@code minReadySeconds < deadlineSeconds}
   * was added); we decode {@code 2.0} to an integer before the rules run (GoNumbers) and accept it.
   */
  static boolean floatIntegerReadByRule(CrdSchema schema, JsonNode object) {
    return floatWalk(schema.openApiSchema(), object);
  }

  private static boolean floatWalk(JsonNode s, JsonNode v) {
    if (s == null || v == null) {
      return false;
    }
    if (v.isArray()) {
      for (JsonNode item : v) {
        if (floatWalk(Schemas.items(s), item)) {
          return true;
        }
      }
    } else if (v.isObject()) {
      JsonNode props = Schemas.properties(s);
      for (var it = v.fields(); it.hasNext(); ) {
        var e = it.next();
        JsonNode child = props != null && props.has(e.getKey()) ? props.get(e.getKey()) : null;
        if (child != null
            && e.getValue().isFloatingPointNumber()
            && Schemas.type(child).equals("integer")
            && s.path("x-kubernetes-validations").toString().contains("self." + e.getKey())) {
          return true;
        }
        if (floatWalk(child, e.getValue())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether {@code object} holds an array where the schema says {@code type: string} with a {@code
   * format}: kube-openapi's type check lets a slice pass there (typeValidator: "string or slice
   * with a format"), so kube-apiserver 1.35 stores an array in a string field; we refuse it.
   */
  static boolean arrayInFormattedString(CrdSchema schema, JsonNode object) {
    return walk(schema.openApiSchema(), object);
  }

  private static boolean walk(JsonNode s, JsonNode v) {
    if (s == null || v == null) {
      return false;
    }
    if (v.isArray()) {
      if (Schemas.type(s).equals("string") && s.has("format")) {
        return true;
      }
      for (JsonNode item : v) {
        if (walk(Schemas.items(s), item)) {
          return true;
        }
      }
    } else if (v.isObject()) {
      for (var it = v.fields(); it.hasNext(); ) {
        var e = it.next();
        JsonNode props = Schemas.properties(s);
        JsonNode child =
            props != null && props.has(e.getKey())
                ? props.get(e.getKey())
                : Schemas.additionalPropertiesSchema(s);
        if (walk(child, e.getValue())) {
          return true;
        }
      }
    }
    return false;
  }
}
