package org.openeuler.nestos.api.validation;

import static org.openeuler.nestos.api.validation.Schemas.items;
import static org.openeuler.nestos.api.validation.Schemas.properties;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The check kube-apiserver makes on a CRD's {@code default} values before it accepts the CRD: each
 * default, exactly as written (the defaults inside it are <em>not</em> applied first), has no
 * unknown fields, is valid against its own schema and passes the CEL rules of that schema and
 * below. So a rule {@code self.verification == 'X'} under {@code default: {}} is refused ("no such
 * key") even though every stored object would have {@code verification} defaulted; guard such rules
 * with {@code has()}. See docs/admission-differential.md.
 */
final class DefaultValues {

  private DefaultValues() {}

  /** {@code <schema path>.default: <error>} for every default the apiserver would refuse. */
  static List<String> errors(JsonNode schema) {
    List<String> out = new ArrayList<>();
    walk(schema, "", out);
    return out;
  }

  private static void walk(JsonNode s, String path, List<String> out) {
    if (s == null || !s.isObject()) {
      return;
    }
    if (s.has("default")) {
      check(s, s.get("default"), (path.isEmpty() ? "<root>" : path) + ".default", out);
    }
    JsonNode props = properties(s);
    if (props != null) {
      for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) props::fields) {
        walk(e.getValue(), Schemas.child(path, e.getKey()), out);
      }
    }
    // defaults are forbidden under additionalProperties; the apiserver does not look there either
    walk(items(s), path + "[*]", out);
  }

  private static void check(JsonNode s, JsonNode d, String where, List<String> out) {
    List<String> unknown = SchemaPruner.unknownFields(s, d);
    if (!unknown.isEmpty()) {
      out.add(where + ": must not have unknown fields " + unknown);
      return;
    }
    List<FieldError> errors = new ArrayList<>();
    new StructuralValidator(s).validate(d, errors);
    Formats.validate(s, d, errors);
    if (errors.isEmpty()) {
      // as an update from itself, then (if that passes) as a create, like the apiserver
      CelRuleValidator.validate(s, d, d, errors);
      if (errors.isEmpty()) {
        CelRuleValidator.validate(s, d, null, errors);
      }
    }
    for (FieldError e : errors) {
      out.add(where + (e.field().isEmpty() ? "" : "." + e.field()) + ": " + e.message());
    }
  }
}
