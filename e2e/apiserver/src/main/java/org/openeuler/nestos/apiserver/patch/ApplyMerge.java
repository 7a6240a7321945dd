package org.openeuler.nestos.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * The structural parts of server-side apply: merging an applied configuration into the live object
 * and removing fields an applier gave up. Inputs are never modified.
 */
final class ApplyMerge {

  private ApplyMerge() {}

  /**
   * Merges {@code applied} into {@code live}: granular maps recursively, MAP lists by key, SET
   * lists as a union, everything else replaced. {@code null}s in the applied configuration are
   * ignored, as are identity/server metadata fields (apiVersion, kind, metadata.name, ...).
   */
  static ObjectNode merge(ObjectNode live, ObjectNode applied, ListSchema schema) {
    return (ObjectNode) merge(live, applied, List.of(), schema);
  }

  private static JsonNode merge(
      JsonNode live, JsonNode applied, List<String> schemaPath, ListSchema schema) {
    if (applied.isObject()
        && (schemaPath.isEmpty() || schema.mapType(schemaPath) == ListSchema.MapType.GRANULAR)) {
      ObjectNode result =
          live != null && live.isObject()
              ? ((ObjectNode) live).deepCopy()
              : JsonNodeFactory.instance.objectNode();
      applied
          .fields()
          .forEachRemaining(
              e -> {
                List<String> child = FieldPaths.append(schemaPath, e.getKey());
                if (!e.getValue().isNull() && (live == null || !FieldPaths.stripped(child))) {
                  result.set(
                      e.getKey(), merge(result.get(e.getKey()), e.getValue(), child, schema));
                }
              });
      return result;
    }
    if (applied.isArray()) {
      ListSchema.ListInfo info = schema.list(schemaPath);
      ArrayNode base = live != null && live.isArray() ? (ArrayNode) live : FieldPaths.emptyArray();
      if (info.type() == ListSchema.ListType.SET) {
        ArrayNode result = base.deepCopy();
        applied.forEach(
            v -> {
              if (FieldPaths.indexOf(result, FieldPaths.valueToken(v)) < 0) {
                result.add(v.deepCopy());
              }
            });
        return result;
      }
      if (info.type() == ListSchema.ListType.MAP) {
        ArrayNode result = base.deepCopy();
        for (JsonNode item : applied) {
          if (!item.isObject()) {
            return applied.deepCopy();
          }
          int index = FieldPaths.indexOf(result, FieldPaths.keyToken(item, info.keys()));
          JsonNode merged = merge(index < 0 ? null : result.get(index), item, schemaPath, schema);
          if (index < 0) {
            result.add(merged);
          } else {
            result.set(index, merged);
          }
        }
        return result;
      }
    }
    return applied.deepCopy();
  }

  /**
   * Removes {@code paths} from {@code object} (in place), except key fields of list-map items and
   * paths that still have an {@code owned} path below them; maps and lists left empty by a removal
   * are removed too unless owned themselves.
   */
  static void prune(ObjectNode object, Set<List<String>> paths, Set<List<String>> owned) {
    paths.stream()
        .sorted((a, b) -> Integer.compare(a.size(), b.size()))
        .filter(p -> !FieldPaths.isKeyField(p) && !hasOwnedBelow(p, owned))
        .forEach(p -> remove(object, p, owned));
  }

  private static boolean hasOwnedBelow(List<String> path, Set<List<String>> owned) {
    for (List<String> o : owned) {
      if (o.size() > path.size() && o.subList(0, path.size()).equals(path)) {
        return true;
      }
    }
    return false;
  }

  private static void remove(ObjectNode root, List<String> path, Set<List<String>> owned) {
    List<String> parentPath = path.subList(0, path.size() - 1);
    JsonNode parent = resolve(root, parentPath);
    String token = path.get(path.size() - 1);
    if (parent == null) {
      return;
    }
    if (token.startsWith("f:") && parent.isObject()) {
      ((ObjectNode) parent).remove(token.substring(2));
    } else if (parent.isArray()) {
      int index = FieldPaths.indexOf(parent, token);
      if (index < 0) {
        return;
      }
      ((ArrayNode) parent).remove(index);
    } else {
      return;
    }
    boolean emptyField =
        parent.isEmpty()
            && !parentPath.isEmpty()
            && parentPath.get(parentPath.size() - 1).startsWith("f:")
            && !owned.contains(parentPath);
    if (emptyField) {
      remove(root, parentPath, owned);
    }
  }

  private static JsonNode resolve(JsonNode root, List<String> path) {
    JsonNode node = root;
    for (String token : path) {
      node = FieldPaths.child(node, token);
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  /** Copy of {@code node} without {@code null} members (recursively). */
  static JsonNode withoutNulls(JsonNode node) {
    if (node.isObject()) {
      ObjectNode result = JsonNodeFactory.instance.objectNode();
      node.fields()
          .forEachRemaining(
              e -> {
                if (!e.getValue().isNull()) {
                  result.set(e.getKey(), withoutNulls(e.getValue()));
                }
              });
      return result;
    }
    if (node.isArray()) {
      ArrayNode result = JsonNodeFactory.instance.arrayNode();
      node.forEach(v -> result.add(withoutNulls(v)));
      return result;
    }
    return node.deepCopy();
  }
}
