package org.openeuler.nestos.api.validation;

import static org.openeuler.nestos.api.validation.Schemas.EMBEDDED;
import static org.openeuler.nestos.api.validation.Schemas.PRESERVE_UNKNOWN;
import static org.openeuler.nestos.api.validation.Schemas.additionalPropertiesSchema;
import static org.openeuler.nestos.api.validation.Schemas.additionalPropertiesTrue;
import static org.openeuler.nestos.api.validation.Schemas.flag;
import static org.openeuler.nestos.api.validation.Schemas.items;
import static org.openeuler.nestos.api.validation.Schemas.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Structural pruning as the apiserver does it: finds (and optionally removes) the fields a schema
 * does not declare. {@code x-kubernetes-preserve-unknown-fields} and {@code additionalProperties:
 * true} keep unknown fields; {@code apiVersion}, {@code kind} and {@code metadata} of the root and
 * of embedded resources are never pruned.
 */
final class SchemaPruner {

  private SchemaPruner() {}

  /** A copy of {@code object} with every undeclared field removed. */
  static JsonNode prune(JsonNode schema, JsonNode object) {
    JsonNode copy = object.deepCopy();
    walk(schema, copy, "", true, new ArrayList<>(), true);
    return copy;
  }

  /**
   * Paths of the fields {@link #prune} would remove, e.g. {@code spec.rollout.foo}, {@code
   * spec.items[1].x}.
   */
  static List<String> unknownFields(JsonNode schema, JsonNode object) {
    List<String> out = new ArrayList<>();
    walk(schema, object, "", true, out, false);
    return out;
  }

  private static void walk(
      JsonNode s, JsonNode v, String path, boolean root, List<String> unknown, boolean remove) {
    if (s == null || v == null) {
      return;
    }
    if (v.isObject()) {
      JsonNode props = properties(s);
      JsonNode ap = additionalPropertiesSchema(s);
      boolean keepUnknown = flag(s, PRESERVE_UNKNOWN) || additionalPropertiesTrue(s);
      boolean embedded = root || flag(s, EMBEDDED);
      List<String> names = new ArrayList<>();
      v.fieldNames().forEachRemaining(names::add);
      for (String k : names) {
        if (embedded && (k.equals("apiVersion") || k.equals("kind") || k.equals("metadata"))) {
          continue;
        }
        JsonNode cs = props == null ? null : props.get(k);
        if (cs != null) {
          walk(cs, v.get(k), Schemas.child(path, k), false, unknown, remove);
        } else if (ap != null) {
          walk(ap, v.get(k), Schemas.key(path, k), false, unknown, remove);
        } else if (!keepUnknown) {
          unknown.add(Schemas.child(path, k));
          if (remove) {
            ((ObjectNode) v).remove(k);
          }
        }
      }
    } else if (v.isArray()) {
      JsonNode it = items(s);
      for (int i = 0; i < v.size(); i++) {
        walk(it, v.get(i), Schemas.index(path, i), false, unknown, remove);
      }
    }
  }
}
