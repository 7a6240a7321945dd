package org.openeuler.nestos.api.validation;

import static org.openeuler.nestos.api.validation.Schemas.LIST_MAP_KEYS;
import static org.openeuler.nestos.api.validation.Schemas.LIST_TYPE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openeuler.nestos.api.validation.FieldError.Type;

/**
 * {@code x-kubernetes-list-type} semantics: uniqueness of {@code set} items and {@code map} keys,
 * and correlation of {@code map} list items with their old versions (by {@code
 * x-kubernetes-list-map-keys}) for transition rules.
 */
final class ListTypes {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ListTypes() {}

  /**
   * Checks every list of {@code object} (a whole custom resource; {@code metadata} is skipped)
   * against its schema's list type, as kube-apiserver does after schema validation and whether or
   * not that found errors.
   */
  static void validate(JsonNode schema, JsonNode object, List<FieldError> errors) {
    walk(schema, object, "", true, errors);
  }

  private static void walk(
      JsonNode s, JsonNode value, String path, boolean root, List<FieldError> errors) {
    if (s == null || value == null) {
      return;
    }
    if (value.isArray()) {
      checkUnique(s, value, path, errors);
      JsonNode items = Schemas.items(s);
      for (int i = 0; i < value.size(); i++) {
        walk(items, value.get(i), Schemas.index(path, i), false, errors);
      }
    } else if (value.isObject()) {
      JsonNode props = Schemas.properties(s);
      JsonNode ap = Schemas.additionalPropertiesSchema(s);
      value
          .fields()
          .forEachRemaining(
              e -> {
                String k = e.getKey();
                if (root && k.equals("metadata")) {
                  return;
                }
                if (props != null && props.has(k)) {
                  walk(props.get(k), e.getValue(), Schemas.child(path, k), false, errors);
                } else if (ap != null) {
                  walk(ap, e.getValue(), Schemas.key(path, k), false, errors);
                }
              });
    }
  }

  /**
   * Appends a {@link Type#FieldValueDuplicate} error per repeated {@code set} item or {@code map}
   * key (at its second occurrence, once), or an error for a {@code map} list item that is not an
   * object.
   */
  static void checkUnique(JsonNode s, JsonNode list, String path, List<FieldError> errors) {
    String lt = s.path(LIST_TYPE).asText("");
    if (lt.equals("set")) {
      Map<JsonNode, Integer> seen = new HashMap<>();
      for (int i = 0; i < list.size(); i++) {
        // like kube-apiserver: one error per repeated value, at its second occurrence
        if (seen.merge(list.get(i), 1, Integer::sum) == 2) {
          errors.add(
              new FieldError(
                  Schemas.index(path, i),
                  Type.FieldValueDuplicate,
                  "Duplicate value: " + Schemas.render(list.get(i))));
        }
      }
    } else if (lt.equals("map")) {
      for (int i = 0; i < list.size(); i++) {
        JsonNode item = list.get(i);
        if (!item.isObject() && !item.isNull()) {
          errors.add(
              new FieldError(
                  Schemas.index(path, i),
                  Type.FieldValueInvalid,
                  "Invalid value: "
                      + Schemas.render(item)
                      + ": must be an object for an array of list-type map"));
          return;
        }
      }
      List<String> keys = mapKeys(s);
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < list.size(); i++) {
        String k = keyOf(list.get(i), keys);
        if (seen.merge(k, 1, Integer::sum) == 2) {
          errors.add(
              new FieldError(
                  Schemas.index(path, i), Type.FieldValueDuplicate, "Duplicate value: " + k));
        }
      }
    }
  }

  /** The declared {@code x-kubernetes-list-map-keys} (empty when there are none). */
  static List<String> mapKeys(JsonNode s) {
    List<String> keys = new ArrayList<>();
    s.path(LIST_MAP_KEYS).forEach(k -> keys.add(k.asText()));
    return keys;
  }

  /** An item's map key as compact JSON, e.g. {@code {"name":"a"}}; absent keys are {@code null}. */
  static String keyOf(JsonNode item, List<String> keys) {
    ObjectNode k = F.objectNode();
    for (String key : keys) {
      k.set(key, item.path(key).isMissingNode() ? F.nullNode() : item.get(key));
    }
    return k.toString();
  }

  /**
   * Old items of a {@code listType=map} list by key; null for lists whose items cannot be
   * correlated.
   */
  static Map<String, JsonNode> correlatableOldItems(JsonNode s, JsonNode old) {
    if (old == null || !old.isArray() || !"map".equals(s.path(LIST_TYPE).asText())) {
      return null;
    }
    List<String> keys = mapKeys(s);
    Map<String, JsonNode> out = new HashMap<>();
    old.forEach(item -> out.putIfAbsent(keyOf(item, keys), item));
    return out;
  }
}
