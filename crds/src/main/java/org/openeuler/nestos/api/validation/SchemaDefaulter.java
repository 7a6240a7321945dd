package org.openeuler.nestos.api.validation;

import static org.openeuler.nestos.api.validation.Schemas.additionalPropertiesSchema;
import static org.openeuler.nestos.api.validation.Schemas.flag;
import static org.openeuler.nestos.api.validation.Schemas.items;
import static org.openeuler.nestos.api.validation.Schemas.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Schema defaulting as the apiserver does it: a {@code default} fills an absent field (or a {@code
 * null} one that is not {@code nullable}), defaulted values are defaulted inside too, non-nullable
 * nulls without a default are dropped (map values too), and the root {@code metadata} is left
 * alone.
 */
final class SchemaDefaulter {

  private SchemaDefaulter() {}

  /** A copy of {@code object} with the defaults of {@code schema} applied recursively. */
  static JsonNode applyDefaults(JsonNode schema, JsonNode object) {
    JsonNode copy = object.deepCopy();
    apply(schema, copy, true);
    return copy;
  }

  private static void apply(JsonNode s, JsonNode v, boolean root) {
    if (s == null || v == null) {
      return;
    }
    if (v.isObject()) {
      ObjectNode o = (ObjectNode) v;
      JsonNode props = properties(s);
      if (props != null) {
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          String k = e.getKey();
          JsonNode ps = e.getValue();
          if (root && k.equals("metadata")) {
            continue;
          }
          JsonNode cur = o.get(k);
          if (cur != null && cur.isNull() && !flag(ps, "nullable")) {
            o.remove(k);
            cur = null;
          }
          if (cur == null && ps.has("default")) {
            o.set(k, ps.get("default").deepCopy());
          }
        }
      }
      JsonNode ap = additionalPropertiesSchema(s);
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      for (String k : names) {
        if (root && (k.equals("metadata") || k.equals("apiVersion") || k.equals("kind"))) {
          continue;
        }
        boolean declared = props != null && props.has(k);
        if (!declared && ap != null && o.get(k).isNull() && !flag(ap, "nullable")) {
          // a null map value: defaulted, or dropped (kube-apiserver's
          // PruneNonNullableNullsWithoutDefaults)
          if (ap.has("default")) {
            o.set(k, ap.get("default").deepCopy());
          } else {
            o.remove(k);
            continue;
          }
        }
        apply(declared ? props.get(k) : ap, o.get(k), false);
      }
    } else if (v.isArray()) {
      JsonNode it = items(s);
      ArrayNode a = (ArrayNode) v;
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i).isNull() && it != null && !flag(it, "nullable") && it.has("default")) {
          a.set(i, it.get("default").deepCopy());
        }
        apply(it, a.get(i), false);
      }
    }
  }
}
