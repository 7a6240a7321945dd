package org.openeuler.nestos.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.BiConsumer;

/**
 * Visits every schema node under a root with a readable path (properties, items,
 * additionalProperties).
 */
public final class SchemaWalker {
  private SchemaWalker() {}

  /** Calls {@code visitor} with (path, node) for the root and every nested schema. */
  public static void walk(String path, JsonNode schema, BiConsumer<String, JsonNode> visitor) {
    visitor.accept(path, schema);
    JsonNode props = schema.get("properties");
    if (props != null) {
      props.fields().forEachRemaining(e -> walk(path + "." + e.getKey(), e.getValue(), visitor));
    }
    JsonNode items = schema.get("items");
    if (items != null && items.isObject()) {
      walk(path + "[]", items, visitor);
    }
    JsonNode additional = schema.get("additionalProperties");
    if (additional != null && additional.isObject()) {
      walk(path + "{}", additional, visitor);
    }
  }
}
