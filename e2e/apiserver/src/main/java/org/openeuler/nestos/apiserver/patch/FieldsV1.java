package org.openeuler.nestos.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Conversion between a set of field paths and the {@code FieldsV1} trie: each token is a key,
 * {@code {}} marks a member leaf, {@code ".": {}} marks a member that also has members below it.
 */
public final class FieldsV1 {

  private FieldsV1() {}

  /** Encodes paths (lists of {@code f:/k:/v:} tokens) as a FieldsV1 object, keys sorted. */
  public static ObjectNode encode(Set<List<String>> paths) {
    Node root = new Node();
    for (List<String> path : paths) {
      Node node = root;
      for (String token : path) {
        node = node.children.computeIfAbsent(token, t -> new Node());
      }
      node.member = true;
    }
    return root.toJson();
  }

  /**
   * Decodes a FieldsV1 object; {@code k:} tokens are normalised (key fields sorted, compact JSON).
   */
  public static Set<List<String>> decode(JsonNode fieldsV1) {
    Set<List<String>> out = new LinkedHashSet<>();
    if (fieldsV1 != null && fieldsV1.isObject()) {
      decode(fieldsV1, List.of(), out);
    }
    return out;
  }

  private static void decode(JsonNode node, List<String> prefix, Set<List<String>> out) {
    if (!prefix.isEmpty() && (node.size() == 0 || node.has("."))) {
      out.add(prefix);
    }
    node.fields()
        .forEachRemaining(
            e -> {
              if (!".".equals(e.getKey()) && e.getValue().isObject()) {
                decode(e.getValue(), FieldPaths.append(prefix, normalise(e.getKey())), out);
              }
            });
  }

  private static String normalise(String token) {
    if (!token.startsWith("k:")) {
      return token;
    }
    JsonNode key = FieldPaths.tokenJson(token);
    List<String> names = new ArrayList<>();
    key.fieldNames().forEachRemaining(names::add);
    return FieldPaths.keyToken(key, names);
  }

  private static final class Node {
    final Map<String, Node> children = new TreeMap<>();
    boolean member;

    ObjectNode toJson() {
      ObjectNode json = JsonNodeFactory.instance.objectNode();
      if (member && !children.isEmpty()) {
        json.set(".", JsonNodeFactory.instance.objectNode());
      }
      children.forEach((token, child) -> json.set(token, child.toJson()));
      return json;
    }
  }
}
