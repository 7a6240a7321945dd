package org.openeuler.nestos.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6902 JSON Patch (add, remove, replace, move, copy, test) over RFC 6901 pointers. Inputs are
 * never modified. Malformed documents raise a 400 {@link PatchException}; operations that do not
 * fit the target raise 422, a failed {@code test} raises {@link JsonPatchTestFailedException}.
 */
public final class JsonPatch {

  private JsonPatch() {}

  /**
   * Applies the operations of {@code patch} (a JSON array) in order to a copy of {@code target}.
   */
  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (patch == null || !patch.isArray()) {
      throw PatchException.badRequest("json patch must be an array of operations");
    }
    JsonNode doc = target == null ? null : target.deepCopy();
    for (JsonNode op : patch) {
      doc = applyOne(doc, op);
    }
    return doc;
  }

  private static JsonNode applyOne(JsonNode doc, JsonNode op) {
    if (!op.isObject() || !op.path("op").isTextual() || !op.path("path").isTextual()) {
      throw PatchException.badRequest("json patch operation needs string 'op' and 'path': " + op);
    }
    String name = op.get("op").asText();
    List<String> path = parsePointer(op.get("path").asText());
    switch (name) {
      case "add":
        return add(doc, path, value(op));
      case "remove":
        remove(doc, path);
        return doc;
      case "replace":
        get(doc, path); // must exist
        return path.isEmpty() ? value(op) : add(removeAndReturn(doc, path), path, value(op));
      case "move":
        {
          List<String> from = parsePointer(from(op));
          if (path.size() > from.size() && path.subList(0, from.size()).equals(from)) {
            throw PatchException.unprocessable("cannot move " + from(op) + " into its own child");
          }
          JsonNode moved = get(doc, from);
          remove(doc, from);
          return add(doc, path, moved);
        }
      case "copy":
        return add(doc, path, get(doc, parsePointer(from(op))).deepCopy());
      case "test":
        {
          JsonNode actual = resolve(doc, path);
          if (actual == null || !actual.equals(value(op))) {
            throw new JsonPatchTestFailedException(
                op.get("path").asText(),
                "testing value "
                    + op.get("path").asText()
                    + " failed: expected "
                    + value(op)
                    + ", found "
                    + (actual == null ? "nothing" : actual));
          }
          return doc;
        }
      default:
        throw PatchException.badRequest("unknown json patch operation '" + name + "'");
    }
  }

  private static JsonNode value(JsonNode op) {
    if (!op.has("value")) {
      throw PatchException.badRequest(
          "json patch operation '" + op.get("op").asText() + "' needs 'value'");
    }
    return op.get("value").deepCopy();
  }

  private static String from(JsonNode op) {
    if (!op.path("from").isTextual()) {
      throw PatchException.badRequest(
          "json patch operation '" + op.get("op").asText() + "' needs 'from'");
    }
    return op.get("from").asText();
  }

  private static JsonNode removeAndReturn(JsonNode doc, List<String> path) {
    remove(doc, path);
    return doc;
  }

  private static JsonNode add(JsonNode doc, List<String> path, JsonNode value) {
    if (path.isEmpty()) {
      return value;
    }
    JsonNode parent = get(doc, path.subList(0, path.size() - 1));
    String last = path.get(path.size() - 1);
    if (parent.isObject()) {
      ((ObjectNode) parent).set(last, value);
    } else if (parent.isArray()) {
      ArrayNode array = (ArrayNode) parent;
      int index = "-".equals(last) ? array.size() : index(last, array.size() + 1, path);
      array.insert(index, value);
    } else {
      throw PatchException.unprocessable("cannot add to non-container at " + pointer(path));
    }
    return doc;
  }

  private static void remove(JsonNode doc, List<String> path) {
    if (path.isEmpty()) {
      throw PatchException.unprocessable("cannot remove the whole document");
    }
    JsonNode parent = get(doc, path.subList(0, path.size() - 1));
    String last = path.get(path.size() - 1);
    if (parent.isObject() && parent.has(last)) {
      ((ObjectNode) parent).remove(last);
    } else if (parent.isArray()) {
      ((ArrayNode) parent).remove(index(last, parent.size(), path));
    } else {
      throw PatchException.unprocessable("cannot remove missing path " + pointer(path));
    }
  }

  private static JsonNode get(JsonNode doc, List<String> path) {
    JsonNode node = resolve(doc, path);
    if (node == null) {
      throw PatchException.unprocessable("path " + pointer(path) + " does not exist");
    }
    return node;
  }

  /** The node at {@code path}, or null. */
  private static JsonNode resolve(JsonNode doc, List<String> path) {
    JsonNode node = doc;
    for (String token : path) {
      if (node == null) {
        return null;
      } else if (node.isObject()) {
        node = node.get(token);
      } else if (node.isArray()) {
        if (!token.matches("0|[1-9][0-9]*") || token.length() > 9) {
          return null;
        }
        node = node.get(Integer.parseInt(token));
      } else {
        return null;
      }
    }
    return node;
  }

  private static int index(String token, int bound, List<String> path) {
    if (!token.matches("0|[1-9][0-9]*") || token.length() > 9 || Integer.parseInt(token) >= bound) {
      throw PatchException.unprocessable(
          "array index " + token + " out of bounds at " + pointer(path));
    }
    return Integer.parseInt(token);
  }

  /** Parses an RFC 6901 pointer into unescaped reference tokens. */
  static List<String> parsePointer(String pointer) {
    List<String> tokens = new ArrayList<>();
    if (pointer.isEmpty()) {
      return tokens;
    }
    if (!pointer.startsWith("/")) {
      throw PatchException.badRequest("json pointer must start with '/': " + pointer);
    }
    for (String raw : pointer.substring(1).split("/", -1)) {
      if (raw.matches(".*~([^01]|$).*")) {
        throw PatchException.badRequest("invalid escape in json pointer: " + pointer);
      }
      tokens.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return tokens;
  }

  private static String pointer(List<String> path) {
    StringBuilder sb = new StringBuilder();
    path.forEach(t -> sb.append('/').append(t.replace("~", "~0").replace("/", "~1")));
    return sb.toString();
  }
}
