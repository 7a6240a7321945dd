package org.openeuler.nestos.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes strategic merge patch: maps merge recursively ({@code null} deletes a key); lists
 * follow {@link ListSchema#patchStrategy}: MAP lists merge items by key, SET lists union, ATOMIC
 * lists are replaced. Directives: {@code $patch: replace|delete|merge} (in maps and list items),
 * {@code $retainKeys}, {@code $deleteFromPrimitiveList/<field>} and {@code
 * $setElementOrder/<field>} (applied as: patched items take the slots of listed items in the given
 * order). Directives never end up in the result. Inputs are never modified.
 */
public final class StrategicMergePatch {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String PATCH = "$patch";
  private static final String RETAIN_KEYS = "$retainKeys";
  private static final String DELETE_PRIMITIVE = "$deleteFromPrimitiveList/";
  private static final String ORDER = "$setElementOrder/";

  private StrategicMergePatch() {}

  /** Applies {@code patch} to {@code target} and returns the patched copy. */
  public static ObjectNode apply(ObjectNode target, ObjectNode patch, ListSchema schema) {
    JsonNode result = mergeMap(target == null ? F.objectNode() : target, patch, List.of(), schema);
    return result == null ? F.objectNode() : (ObjectNode) result;
  }

  /** Returns the merged map, or null when the patch says {@code $patch: delete}. */
  private static JsonNode mergeMap(
      JsonNode original, ObjectNode patch, List<String> path, ListSchema schema) {
    String directive = patch.path(PATCH).asText("");
    switch (directive) {
      case "delete":
        return null;
      case "replace":
        return clean(patch, path, schema);
      case "", "merge":
        break;
      default:
        throw PatchException.badRequest("unknown $patch directive '" + directive + "' at " + path);
    }
    ObjectNode result =
        original != null && original.isObject()
            ? ((ObjectNode) original).deepCopy()
            : F.objectNode();
    if (patch.has(RETAIN_KEYS)) {
      Set<String> keep = new HashSet<>();
      patch.get(RETAIN_KEYS).forEach(k -> keep.add(k.asText()));
      result.retain(keep);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (key.startsWith(DELETE_PRIMITIVE)) {
        deleteFromPrimitiveList(result, key.substring(DELETE_PRIMITIVE.length()), value);
      } else if (!key.startsWith("$")) {
        List<String> child = append(path, key);
        JsonNode merged = value.isNull() ? null : mergeValue(result.get(key), value, child, schema);
        if (merged == null) {
          result.remove(key);
        } else {
          result.set(key, merged);
        }
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().startsWith(ORDER) && e.getValue().isArray()) {
        String field = e.getKey().substring(ORDER.length());
        if (result.get(field) instanceof ArrayNode list) {
          ListSchema.ListInfo info = schema.patchStrategy(append(path, field));
          reorder(list, (ArrayNode) e.getValue(), info);
        }
      }
    }
    return result;
  }

  private static JsonNode mergeValue(
      JsonNode original, JsonNode patch, List<String> path, ListSchema schema) {
    if (patch.isObject()) {
      return mergeMap(original, (ObjectNode) patch, path, schema);
    }
    if (patch.isArray()) {
      ArrayNode base =
          original != null && original.isArray() ? (ArrayNode) original : F.arrayNode();
      return mergeList(base, (ArrayNode) patch, path, schema);
    }
    return patch.deepCopy();
  }

  private static ArrayNode mergeList(
      ArrayNode original, ArrayNode patch, List<String> path, ListSchema schema) {
    ListSchema.ListInfo info = schema.patchStrategy(path);
    List<JsonNode> items = new ArrayList<>();
    boolean replace = false;
    for (JsonNode item : patch) {
      if (item.isObject() && item.size() == 1 && item.has(PATCH)) {
        replace |= "replace".equals(item.get(PATCH).asText());
      } else {
        items.add(item);
      }
    }
    if (replace || info.type() == ListSchema.ListType.ATOMIC) {
      ArrayNode result = F.arrayNode();
      items.forEach(
          item -> {
            JsonNode cleaned =
                item.isObject() ? clean((ObjectNode) item, path, schema) : item.deepCopy();
            if (cleaned != null) {
              result.add(cleaned);
            }
          });
      return result;
    }
    ArrayNode result = original.deepCopy();
    for (JsonNode item : items) {
      if (info.type() == ListSchema.ListType.SET || !item.isObject()) {
        if (!contains(result, item)) {
          result.add(item.deepCopy());
        }
        continue;
      }
      int index = indexOfKey(result, item, info.keys());
      if ("delete".equals(item.path(PATCH).asText())) {
        if (index >= 0) {
          result.remove(index);
        }
      } else if (index >= 0) {
        ObjectNode withoutDirective = ((ObjectNode) item).deepCopy();
        JsonNode merged = mergeMap(result.get(index), withoutDirective, path, schema);
        result.set(index, merged);
      } else {
        JsonNode added = mergeMap(F.objectNode(), (ObjectNode) item, path, schema);
        if (added != null) {
          result.add(added);
        }
      }
    }
    return result;
  }

  /** Strips directives (and nulls) from a patch fragment that is used as a value. */
  private static JsonNode clean(ObjectNode patch, List<String> path, ListSchema schema) {
    ObjectNode withoutReplace = patch.deepCopy();
    withoutReplace.remove(PATCH);
    return mergeMap(F.objectNode(), withoutReplace, path, schema);
  }

  private static void deleteFromPrimitiveList(ObjectNode target, String field, JsonNode values) {
    if (target.get(field) instanceof ArrayNode list && values.isArray()) {
      for (int i = list.size() - 1; i >= 0; i--) {
        if (contains(values, list.get(i))) {
          list.remove(i);
        }
      }
    }
  }

  /**
   * Puts the items named in {@code order} into the slots those items occupy, in the given order.
   */
  private static void reorder(ArrayNode list, ArrayNode order, ListSchema.ListInfo info) {
    List<Integer> slots = new ArrayList<>();
    List<JsonNode> listed = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (rank(order, list.get(i), info) >= 0) {
        slots.add(i);
        listed.add(list.get(i));
      }
    }
    listed.sort((a, b) -> Integer.compare(rank(order, a, info), rank(order, b, info)));
    for (int i = 0; i < slots.size(); i++) {
      list.set(slots.get(i), listed.get(i));
    }
  }

  private static int rank(ArrayNode order, JsonNode item, ListSchema.ListInfo info) {
    for (int i = 0; i < order.size(); i++) {
      JsonNode o = order.get(i);
      boolean same =
          info.type() == ListSchema.ListType.MAP && item.isObject() && o.isObject()
              ? sameKey(item, o, info.keys())
              : item.equals(o);
      if (same) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOfKey(ArrayNode list, JsonNode item, List<String> keys) {
    for (int i = 0; i < list.size(); i++) {
      if (sameKey(list.get(i), item, keys)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean sameKey(JsonNode a, JsonNode b, List<String> keys) {
    for (String k : keys) {
      if (!a.path(k).equals(b.path(k))) {
        return false;
      }
    }
    return true;
  }

  private static boolean contains(JsonNode array, JsonNode value) {
    for (JsonNode v : array) {
      if (v.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> append(List<String> path, String field) {
    List<String> child = new ArrayList<>(path);
    child.add(field);
    return child;
  }
}
