package org.openeuler.nestos.api.validation;

import static org.openeuler.nestos.api.validation.Schemas.INT_OR_STRING;
import static org.openeuler.nestos.api.validation.Schemas.VALIDATIONS;
import static org.openeuler.nestos.api.validation.Schemas.additionalPropertiesSchema;
import static org.openeuler.nestos.api.validation.Schemas.flag;
import static org.openeuler.nestos.api.validation.Schemas.items;
import static org.openeuler.nestos.api.validation.Schemas.properties;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The apiserver estimates the worst-case cost of each CEL rule from the sizes of the lists, maps
 * and strings it can reach and rejects CRDs whose rules could exceed the budget. This check is the
 * conservative, cheap version of that: every array, map ({@code additionalProperties}) and string
 * in the subtree of a schema node carrying {@code x-kubernetes-validations} must declare {@code
 * maxItems} / {@code maxProperties} / {@code maxLength}. A string with an {@code enum}, or with a
 * fixed-size {@code format} (date, date-time, duration, uuid), counts as bounded; int-or-string
 * values are not checked (their string form is a quantity or percentage).
 */
public final class CelCostBounds {

  private static final Set<String> BOUNDED_FORMATS =
      Set.of("date", "date-time", "duration", "uuid", "byte");

  private CelCostBounds() {}

  /**
   * Unbounded schema paths, one per offending node, as {@code <version>:<path>} with {@code [*]}
   * for list items and map values, e.g. {@code v1alpha1:spec.sysctls[*].name}; {@code .} is the
   * root.
   */
  public static List<String> unboundedPaths(JsonNode crd) {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode v : crd.path("spec").path("versions")) {
      JsonNode schema = v.path("schema").path("openAPIV3Schema");
      if (schema.isObject()) {
        findRuleNodes(v.path("name").asText() + ":", schema, "", true, out);
      }
    }
    return new ArrayList<>(out);
  }

  private static void findRuleNodes(
      String prefix, JsonNode s, String path, boolean root, Set<String> out) {
    if (s == null || !s.isObject()) {
      return;
    }
    JsonNode rules = s.get(VALIDATIONS);
    if (rules != null && rules.isArray() && !rules.isEmpty()) {
      checkSubtree(prefix, s, path, root, out);
    }
    forEachChild(s, path, root, (cs, cp) -> findRuleNodes(prefix, cs, cp, false, out));
  }

  private static void checkSubtree(
      String prefix, JsonNode s, String path, boolean root, Set<String> out) {
    if (s == null || !s.isObject()) {
      return;
    }
    String type = Schemas.type(s);
    String shown = prefix + (path.isEmpty() ? "." : path);
    if (!flag(s, INT_OR_STRING)) {
      if (type.equals("array") && !s.has("maxItems")) {
        out.add(shown);
      } else if (type.equals("object")
          && additionalPropertiesSchema(s) != null
          && !s.has("maxProperties")) {
        out.add(shown);
      } else if (type.equals("string")
          && !s.has("maxLength")
          && !s.has("enum")
          && !BOUNDED_FORMATS.contains(s.path("format").asText(""))) {
        out.add(shown);
      }
    }
    forEachChild(s, path, root, (cs, cp) -> checkSubtree(prefix, cs, cp, false, out));
  }

  private interface ChildVisitor {
    void visit(JsonNode childSchema, String childPath);
  }

  private static void forEachChild(JsonNode s, String path, boolean root, ChildVisitor visitor) {
    JsonNode props = properties(s);
    if (props != null) {
      props
          .fields()
          .forEachRemaining(
              e -> {
                if (!(root && e.getKey().equals("metadata"))) {
                  visitor.visit(e.getValue(), Schemas.child(path, e.getKey()));
                }
              });
    }
    JsonNode ap = additionalPropertiesSchema(s);
    if (ap != null) {
      visitor.visit(ap, path + "[*]");
    }
    JsonNode it = items(s);
    if (it != null) {
      visitor.visit(it, path + "[*]");
    }
  }
}
