package org.openeuler.nestos.api.validation;

import static org.openeuler.nestos.api.validation.Schemas.additionalPropertiesSchema;
import static org.openeuler.nestos.api.validation.Schemas.items;
import static org.openeuler.nestos.api.validation.Schemas.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;

/**
 * Kubernetes field paths ({@code spec.items[1].name}, {@code spec.labels[key]}) built from other
 * path notations: a CEL rule's relative {@code fieldPath} and a networknt instance location. The
 * single-step builders are {@link Schemas#child}, {@link Schemas#index} and {@link Schemas#key}.
 */
final class FieldPaths {

  private FieldPaths() {}

  /** Appends a rule's relative {@code fieldPath} ({@code .a.b}, {@code .a[0]}, {@code .a['k']}). */
  static String withFieldPath(String path, String fieldPath) {
    if (fieldPath == null || fieldPath.isEmpty()) {
      return path;
    }
    String fp = fieldPath.replaceAll("\\['([^']*)'\\]", "[$1]");
    if (!fp.startsWith(".") && !fp.startsWith("[")) {
      fp = "." + fp;
    }
    String joined = path + fp;
    return joined.startsWith(".") ? joined.substring(1) : joined;
  }

  /**
   * networknt instance location to a Kubernetes field path, using the schema to tell fields from
   * map keys.
   */
  static String fromInstanceLocation(JsonNode schema, JsonNodePath loc) {
    String path = "";
    JsonNode s = schema;
    for (int i = 0; i < loc.getNameCount(); i++) {
      Object el = loc.getElement(i);
      if (el instanceof Integer idx) {
        path = Schemas.index(path, idx);
        s = items(s);
      } else {
        String name = String.valueOf(el);
        JsonNode props = properties(s);
        if (props != null && props.has(name)) {
          path = Schemas.child(path, name);
          s = props.get(name);
        } else if (additionalPropertiesSchema(s) != null) {
          path = Schemas.key(path, name);
          s = additionalPropertiesSchema(s);
        } else {
          path = Schemas.child(path, name);
          s = null;
        }
      }
    }
    return path;
  }
}
