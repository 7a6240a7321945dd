package org.openeuler.nestos.apiserver.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;

/** Tiny helpers for building Jackson trees without an ObjectMapper. */
public final class JsonNodes {

  public static final JsonNodeFactory F = JsonNodeFactory.instance;

  private JsonNodes() {}

  public static ObjectNode object() {
    return F.objectNode();
  }

  /** An object carrying {@code kind} and {@code apiVersion} (apiVersion omitted when null). */
  public static ObjectNode typed(String kind, String apiVersion) {
    ObjectNode node = F.objectNode().put("kind", kind);
    if (apiVersion != null) {
      node.put("apiVersion", apiVersion);
    }
    return node;
  }

  public static ArrayNode strings(Collection<String> values) {
    ArrayNode array = F.arrayNode();
    values.forEach(array::add);
    return array;
  }
}
