package org.openeuler.nestos.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** {@link ListSchema} backed by a structural OpenAPI v3 schema (CRD {@code openAPIV3Schema}). */
final class OpenApiListSchema implements ListSchema {

  private final JsonNode root;

  OpenApiListSchema(JsonNode root) {
    this.root = root;
  }

  @Override
  public ListInfo list(List<String> path) {
    if (isMetadata(path)) {
      return BuiltinListSchemas.METADATA.list(path);
    }
    JsonNode node = resolve(path);
    if (node == null) {
      return ListInfo.ATOMIC;
    }
    String type = node.path("x-kubernetes-list-type").asText("atomic");
    switch (type) {
      case "set":
        return ListInfo.SET;
      case "map":
        List<String> keys = new ArrayList<>();
        node.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asText()));
        return keys.isEmpty() ? ListInfo.ATOMIC : new ListInfo(ListType.MAP, keys);
      default:
        return ListInfo.ATOMIC;
    }
  }

  @Override
  public MapType mapType(List<String> path) {
    if (isMetadata(path)) {
      return BuiltinListSchemas.METADATA.mapType(path);
    }
    JsonNode node = resolve(path);
    return node != null && "atomic".equals(node.path("x-kubernetes-map-type").asText())
        ? MapType.ATOMIC
        : MapType.GRANULAR;
  }

  private static boolean isMetadata(List<String> path) {
    return !path.isEmpty() && "metadata".equals(path.get(0));
  }

  /** Walks properties / items / additionalProperties; returns null when the schema does not say. */
  private JsonNode resolve(List<String> path) {
    JsonNode node = root;
    for (String segment : path) {
      node = skipItems(node);
      if (node == null) {
        return null;
      }
      JsonNode next = node.path("properties").get(segment);
      if (next == null) {
        JsonNode additional = node.get("additionalProperties");
        next = additional != null && additional.isObject() ? additional : null;
      }
      if (next == null) {
        return null;
      }
      node = next;
    }
    return node;
  }

  /** List items are transparent in paths: step into {@code items} (possibly nested). */
  private static JsonNode skipItems(JsonNode node) {
    while (node != null && node.has("items") && node.get("items").isObject()) {
      node = node.get("items");
    }
    return node;
  }
}
