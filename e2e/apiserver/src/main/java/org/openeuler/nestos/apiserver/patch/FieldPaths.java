package org.openeuler.nestos.apiserver.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Field paths of an object as managedFields tokens: {@code f:<name>} fields, {@code k:<json>}
 * list-map items (key fields as compact JSON, sorted by name), {@code v:<json>} set values. Leaves
 * are scalars, empty maps/lists, atomic lists/maps and set values; list-map items are members
 * themselves.
 */
final class FieldPaths {

  /** Value recorded for a list-map item path (its presence is what counts). */
  static final JsonNode ITEM = TextNode.valueOf("\u0000item");

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> STRIPPED_ROOT = Set.of("apiVersion", "kind");
  private static final Set<String> STRIPPED_META =
      Set.of(
          "name",
          "namespace",
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "selfLink",
          "managedFields",
          "clusterName");
  private static final Comparator<JsonNode> NUMERIC =
      (a, b) ->
          a.isNumber() && b.isNumber()
              ? a.decimalValue().compareTo(b.decimalValue())
              : (a.equals(b) ? 0 : 1);

  private FieldPaths() {}

  /** Whether the field at {@code schemaPath} is identity/server metadata that nobody owns. */
  static boolean stripped(List<String> schemaPath) {
    return schemaPath.size() == 1 && STRIPPED_ROOT.contains(schemaPath.get(0))
        || schemaPath.size() == 2
            && "metadata".equals(schemaPath.get(0))
            && STRIPPED_META.contains(schemaPath.get(1));
  }

  /** JSON equality where numbers compare by value (1 == 1.0 == 1L). */
  static boolean same(JsonNode a, JsonNode b) {
    return a == null ? b == null : b != null && a.equals(NUMERIC, b);
  }

  /**
   * Every owned-able path of {@code object} mapped to its value ({@link #ITEM} for list-map items).
   */
  static Map<List<String>, JsonNode> leaves(JsonNode object, ListSchema schema) {
    Map<List<String>, JsonNode> out = new LinkedHashMap<>();
    if (object != null && object.isObject()) {
      fields((ObjectNode) object, List.of(), List.of(), schema, out);
    }
    return out;
  }

  private static void fields(
      ObjectNode node,
      List<String> tokens,
      List<String> schemaPath,
      ListSchema schema,
      Map<List<String>, JsonNode> out) {
    node.fields()
        .forEachRemaining(
            e -> {
              List<String> childSchema = append(schemaPath, e.getKey());
              if (!e.getValue().isNull() && !stripped(childSchema)) {
                walk(e.getValue(), append(tokens, "f:" + e.getKey()), childSchema, schema, out);
              }
            });
  }

  private static void walk(
      JsonNode node,
      List<String> tokens,
      List<String> schemaPath,
      ListSchema schema,
      Map<List<String>, JsonNode> out) {
    if (node.isObject()
        && node.size() > 0
        && schema.mapType(schemaPath) == ListSchema.MapType.GRANULAR) {
      fields((ObjectNode) node, tokens, schemaPath, schema, out);
    } else if (node.isArray() && node.size() > 0) {
      ListSchema.ListInfo info = schema.list(schemaPath);
      if (info.type() == ListSchema.ListType.SET) {
        node.forEach(v -> out.put(append(tokens, valueToken(v)), v));
      } else if (info.type() == ListSchema.ListType.MAP && allObjects(node)) {
        for (JsonNode item : node) {
          List<String> itemTokens = append(tokens, keyToken(item, info.keys()));
          out.put(itemTokens, ITEM);
          fields((ObjectNode) item, itemTokens, schemaPath, schema, out);
        }
      } else {
        out.put(tokens, node);
      }
    } else {
      out.put(tokens, node);
    }
  }

  private static boolean allObjects(JsonNode array) {
    for (JsonNode item : array) {
      if (!item.isObject()) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code k:{"a":1,"b":"x"}} for the item's key fields, sorted by name; missing keys are left out.
   */
  static String keyToken(JsonNode item, List<String> keys) {
    ObjectNode key = JsonNodeFactory.instance.objectNode();
    keys.stream()
        .sorted()
        .forEach(
            k -> {
              if (item.has(k)) {
                key.set(k, item.get(k));
              }
            });
    return "k:" + key;
  }

  static String valueToken(JsonNode value) {
    return "v:" + value;
  }

  /** Parses the JSON of a {@code k:} or {@code v:} token. */
  static JsonNode tokenJson(String token) {
    try {
      return MAPPER.readTree(token.substring(2));
    } catch (JsonProcessingException e) {
      throw PatchException.badRequest("invalid managedFields path element " + token);
    }
  }

  /** Finds the child of {@code node} named by {@code token}; null when absent. */
  static JsonNode child(JsonNode node, String token) {
    if (node == null) {
      return null;
    }
    if (token.startsWith("f:")) {
      return node.isObject() ? node.get(token.substring(2)) : null;
    }
    int index = indexOf(node, token);
    return index < 0 ? null : node.get(index);
  }

  /** Index of the list item / set value named by a {@code k:} or {@code v:} token, or -1. */
  static int indexOf(JsonNode array, String token) {
    if (!array.isArray()) {
      return -1;
    }
    JsonNode wanted = tokenJson(token);
    for (int i = 0; i < array.size(); i++) {
      JsonNode item = array.get(i);
      if (token.startsWith("v:") ? same(item, wanted) : matchesKey(item, wanted)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean matchesKey(JsonNode item, JsonNode key) {
    if (!item.isObject() || !key.isObject()) {
      return false;
    }
    for (var it = key.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!same(item.get(e.getKey()), e.getValue())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Human form as kube-apiserver prints it: {@code .spec.containers[name="a"].image}, {@code
   * [="v"]}.
   */
  static String display(List<String> tokens) {
    StringBuilder sb = new StringBuilder();
    for (String token : tokens) {
      if (token.startsWith("f:")) {
        sb.append('.').append(token.substring(2));
      } else if (token.startsWith("k:")) {
        List<String> parts = new ArrayList<>();
        tokenJson(token).fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue()));
        sb.append('[').append(String.join(",", parts)).append(']');
      } else if (token.startsWith("v:")) {
        sb.append("[=").append(token.substring(2)).append(']');
      } else {
        sb.append(token);
      }
    }
    return sb.toString();
  }

  static <T> List<T> append(List<T> list, T element) {
    List<T> copy = new ArrayList<>(list.size() + 1);
    copy.addAll(list);
    copy.add(element);
    return List.copyOf(copy);
  }

  static boolean isKeyField(List<String> path) {
    if (path.size() < 2) {
      return false;
    }
    String parent = path.get(path.size() - 2);
    String last = path.get(path.size() - 1);
    return parent.startsWith("k:")
        && last.startsWith("f:")
        && tokenJson(parent).has(last.substring(2));
  }

  static ArrayNode emptyArray() {
    return JsonNodeFactory.instance.arrayNode();
  }
}
