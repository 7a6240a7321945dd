package org.openeuler.nestos.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers over OpenAPI v3 structural schema nodes and JSON values. */
final class Schemas {

  static final String VALIDATIONS = "x-kubernetes-validations";
  static final String PRESERVE_UNKNOWN = "x-kubernetes-preserve-unknown-fields";
  static final String INT_OR_STRING = "x-kubernetes-int-or-string";
  static final String EMBEDDED = "x-kubernetes-embedded-resource";
  static final String LIST_TYPE = "x-kubernetes-list-type";
  static final String LIST_MAP_KEYS = "x-kubernetes-list-map-keys";

  private Schemas() {}

  static boolean flag(JsonNode schema, String name) {
    return schema != null && schema.path(name).asBoolean(false);
  }

  static String type(JsonNode schema) {
    return schema == null ? "" : schema.path("type").asText("");
  }

  static JsonNode properties(JsonNode schema) {
    JsonNode p = schema == null ? null : schema.get("properties");
    return p != null && p.isObject() ? p : null;
  }

  /** The schema of map values when {@code additionalProperties} is a schema (not a boolean). */
  static JsonNode additionalPropertiesSchema(JsonNode schema) {
    JsonNode ap = schema == null ? null : schema.get("additionalProperties");
    return ap != null && ap.isObject() ? ap : null;
  }

  static boolean additionalPropertiesTrue(JsonNode schema) {
    JsonNode ap = schema == null ? null : schema.get("additionalProperties");
    return ap != null && ap.isBoolean() && ap.booleanValue();
  }

  static JsonNode items(JsonNode schema) {
    JsonNode it = schema == null ? null : schema.get("items");
    return it != null && it.isObject() ? it : null;
  }

  /** Schema of a named child value of an object described by {@code schema}, or null. */
  static JsonNode childSchema(JsonNode schema, String name) {
    JsonNode props = properties(schema);
    if (props != null && props.has(name)) {
      return props.get(name);
    }
    return additionalPropertiesSchema(schema);
  }

  static boolean present(JsonNode v) {
    return v != null && !v.isMissingNode() && !v.isNull();
  }

  static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  static String index(String path, int i) {
    return path + "[" + i + "]";
  }

  static String key(String path, String key) {
    return path + "[" + key + "]";
  }

  /** JSON type name of a value, in OpenAPI words ({@code integer} for integral numbers). */
  static String jsonType(JsonNode v) {
    if (v == null || v.isMissingNode() || v.isNull()) {
      return "null";
    }
    if (v.isObject()) {
      return "object";
    }
    if (v.isArray()) {
      return "array";
    }
    if (v.isTextual()) {
      return "string";
    }
    if (v.isBoolean()) {
      return "boolean";
    }
    if (v.isIntegralNumber()) {
      return "integer";
    }
    return "number";
  }

  /** The type name kube-apiserver puts into CEL errors' "Invalid value" (the schema type). */
  static String celValueTypeName(JsonNode schema, JsonNode value) {
    String t = type(schema);
    return t.isEmpty() ? jsonType(value) : t;
  }

  /**
   * Kube-style rendering of a value in an error: strings quoted, scalars bare, composites as
   * compact JSON.
   */
  static String render(JsonNode v) {
    if (v == null || v.isMissingNode() || v.isNull()) {
      return "null";
    }
    if (v.isTextual()) {
      return quote(v.textValue());
    }
    return v.toString();
  }

  static String quote(String s) {
    return JsonNodeFactory.instance.textNode(s).toString();
  }

  /**
   * JSON value to CEL value: objects to {@code map<string, dyn>}, arrays to lists, integral numbers
   * to {@code int} (long) unless the schema says {@code number}, other numbers to double, null to
   * CEL null.
   */
  static Object toCel(JsonNode v, JsonNode schema) {
    if (v == null || v.isMissingNode() || v.isNull() || v instanceof NullNode) {
      return NullValue.NULL_VALUE;
    }
    switch (v.getNodeType()) {
      case OBJECT:
        {
          Map<String, Object> m = new LinkedHashMap<>();
          v.fields()
              .forEachRemaining(
                  e -> m.put(e.getKey(), toCel(e.getValue(), childSchema(schema, e.getKey()))));
          return m;
        }
      case ARRAY:
        {
          List<Object> l = new ArrayList<>(v.size());
          JsonNode it = items(schema);
          v.forEach(x -> l.add(toCel(x, it)));
          return l;
        }
      case NUMBER:
        if (v.isIntegralNumber() && v.canConvertToLong() && !"number".equals(type(schema))) {
          return v.longValue();
        }
        return v.doubleValue();
      case STRING:
        return v.textValue();
      case BOOLEAN:
        return v.booleanValue();
      default:
        return v.toString();
    }
  }
}
