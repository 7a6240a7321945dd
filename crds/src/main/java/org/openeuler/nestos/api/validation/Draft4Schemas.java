package org.openeuler.nestos.api.validation;

import static org.openeuler.nestos.api.validation.Schemas.INT_OR_STRING;
import static org.openeuler.nestos.api.validation.Schemas.additionalPropertiesSchema;
import static org.openeuler.nestos.api.validation.Schemas.flag;
import static org.openeuler.nestos.api.validation.Schemas.items;
import static org.openeuler.nestos.api.validation.Schemas.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Translates an OpenAPI v3 structural schema into a draft-4 JSON Schema networknt can run: {@code
 * nullable} becomes a {@code null} type (and enum member), {@code x-kubernetes-int-or-string} an
 * {@code integer|string} type, and of the root {@code metadata} stub only {@code name}/{@code
 * generateName} are kept. Keywords outside the copied value constraints (e.g. {@code format},
 * {@code description}, the {@code x-kubernetes-*} extensions) are not carried over.
 */
final class Draft4Schemas {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Set<String> COPIED_KEYWORDS =
      Set.of(
          "required",
          "enum",
          "pattern",
          "minimum",
          "maximum",
          "exclusiveMinimum",
          "exclusiveMaximum",
          "minLength",
          "maxLength",
          "minItems",
          "maxItems",
          "uniqueItems",
          "minProperties",
          "maxProperties",
          "multipleOf");

  private Draft4Schemas() {}

  /**
   * kube-apiserver evaluates {@code pattern} with Go's RE2, where {@code $} (no multi-line flag)
   * matches only at the very end of the text; in Java's regex it also matches before a final line
   * break, so {@code "x\n"} would pass {@code ^x$}. Every unescaped {@code $} outside a character
   * class becomes {@code \z}.
   */
  static String re2Anchors(String pattern) {
    StringBuilder out = new StringBuilder(pattern.length() + 4);
    boolean inClass = false;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        out.append(c).append(pattern.charAt(++i));
      } else if (c == '[') {
        inClass = true;
        out.append(c);
      } else if (c == ']') {
        inClass = false;
        out.append(c);
      } else if (c == '$' && !inClass) {
        out.append("\\z");
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * OpenAPI v3 structural schema to a draft-4 JSON Schema networknt can run (nullable,
   * int-or-string).
   */
  static JsonNode fromOpenApi(JsonNode s, boolean root) {
    ObjectNode out = F.objectNode();
    if (s == null || !s.isObject()) {
      return out;
    }
    boolean nullable = flag(s, "nullable");
    boolean intOrString = flag(s, INT_OR_STRING);
    if (intOrString) {
      ArrayNode t = out.putArray("type").add("integer").add("string");
      if (nullable) {
        t.add("null");
      }
    } else if (s.has("type")) {
      if (nullable) {
        out.putArray("type").add(s.get("type").asText()).add("null");
      } else {
        out.set("type", s.get("type"));
      }
    }
    for (String kw : COPIED_KEYWORDS) {
      if (s.has(kw)) {
        out.set(kw, s.get(kw).deepCopy());
      }
    }
    if (s.path("pattern").isTextual()) {
      out.put("pattern", re2Anchors(s.get("pattern").asText()));
    }
    if (nullable && out.has("enum")) {
      ((ArrayNode) out.get("enum")).addNull();
    }
    JsonNode props = properties(s);
    if (props != null) {
      ObjectNode p = out.putObject("properties");
      props
          .fields()
          .forEachRemaining(
              e -> {
                if (root && e.getKey().equals("metadata")) {
                  p.set("metadata", metadataSchema(e.getValue()));
                } else {
                  p.set(e.getKey(), fromOpenApi(e.getValue(), false));
                }
              });
    }
    JsonNode ap = additionalPropertiesSchema(s);
    if (ap != null) {
      out.set("additionalProperties", fromOpenApi(ap, false));
    }
    JsonNode it = items(s);
    if (it != null) {
      out.set("items", fromOpenApi(it, false));
    }
    for (String comb : List.of("allOf", "anyOf", "oneOf")) {
      JsonNode arr = s.get(comb);
      if (arr != null && arr.isArray() && !(intOrString && onlyTypes(arr))) {
        ArrayNode a = out.putArray(comb);
        arr.forEach(x -> a.add(fromOpenApi(x, false)));
      }
    }
    if (s.has("not")) {
      out.set("not", fromOpenApi(s.get("not"), false));
    }
    return out;
  }

  private static boolean onlyTypes(JsonNode arr) {
    for (JsonNode x : arr) {
      Iterator<String> names = x.fieldNames();
      while (names.hasNext()) {
        if (!"type".equals(names.next())) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The apiserver validates ObjectMeta itself; of the CRD's metadata stub only name/generateName
   * count.
   */
  private static JsonNode metadataSchema(JsonNode stub) {
    ObjectNode md = F.objectNode().put("type", "object");
    JsonNode props = properties(stub);
    if (props != null) {
      ObjectNode p = md.putObject("properties");
      for (String n : List.of("name", "generateName")) {
        if (props.has(n)) {
          p.set(n, fromOpenApi(props.get(n), false));
        }
      }
    }
    return md;
  }
}
