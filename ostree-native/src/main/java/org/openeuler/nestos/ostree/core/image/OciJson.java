package org.openeuler.nestos.ostree.core.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one Jackson {@link ObjectMapper} for OCI documents and registry JSON, and small tree helpers.
 * Documents are written compact, fields in a fixed order and string maps sorted by key, so the same
 * value gives the same bytes.
 */
public final class OciJson {

  public static final ObjectMapper MAPPER = new ObjectMapper();

  private OciJson() {}

  /**
   * Parses a JSON object; {@link IllegalArgumentException} naming {@code what} when it is not one.
   */
  public static JsonNode read(byte[] body, String what) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException(what + " is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** {@link #read} for OCI documents: failures are {@link InvalidImageException}s. */
  static JsonNode document(byte[] body, String what) {
    try {
      return read(body, what);
    } catch (IllegalArgumentException e) {
      throw new InvalidImageException(e.getMessage());
    }
  }

  public static byte[] write(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** A field's text, or null when absent or JSON null. */
  public static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** An object's fields as strings; empty for a missing node. */
  public static Map<String, String> strings(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }

  /** Puts {@code values} sorted by key under {@code field}; nothing when empty. */
  static void putStrings(ObjectNode parent, String field, Map<String, String> values) {
    if (!values.isEmpty()) {
      ObjectNode node = parent.putObject(field);
      new TreeMap<>(values).forEach(node::put);
    }
  }
}
