package org.openeuler.nestos.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds values a CEL rule reaches without a bound (the apiserver rejects rules whose estimated cost
 * is unbounded). For each node carrying x-kubernetes-validations: every list/map ancestor must be
 * bounded, and the subtree each rule reads ({@code self}, or {@code self.a.b} followed as far as
 * schema properties go) must be bounded. Paths only tested with {@code has()} and fields outside
 * the schema (metadata) are not read and are not checked.
 */
public final class CelBounds {
  private static final Pattern SELF =
      Pattern.compile("(has\\(\\s*)?\\bself((?:\\.[A-Za-z_][A-Za-z0-9_]*)*)");

  private CelBounds() {}

  /** Violations as "path: reason" lines; empty means every rule's inputs are bounded. */
  public static List<String> violations(String name, JsonNode schema) {
    List<String> out = new ArrayList<>();
    visit(name + ":", schema, new ArrayList<>(), out);
    return out;
  }

  private static void visit(
      String path, JsonNode node, List<String> unboundedAncestors, List<String> out) {
    JsonNode rules = node.get("x-kubernetes-validations");
    if (rules != null) {
      for (String a : unboundedAncestors) {
        out.add(path + ": rule under unbounded collection " + a);
      }
      for (JsonNode rule : rules) {
        Matcher m = SELF.matcher(rule.path("rule").asText());
        while (m.find()) {
          if (m.group(1) != null) {
            continue;
          }
          String reachedPath = path;
          JsonNode reached = node;
          boolean outside = false;
          for (String seg :
              m.group(2).isEmpty() ? new String[0] : m.group(2).substring(1).split("\\.")) {
            JsonNode props = reached.get("properties");
            if (props == null) {
              break; // a method on a scalar or a list, e.g. self.name.startsWith
            }
            if (!props.has(seg)) {
              outside = true; // e.g. self.metadata.name: served by the apiserver, bounded there
              break;
            }
            reached = props.get(seg);
            reachedPath = reachedPath + "." + seg;
          }
          if (!outside) {
            unbounded(reachedPath, reached, out);
          }
        }
      }
    }
    JsonNode props = node.get("properties");
    if (props != null) {
      props
          .fields()
          .forEachRemaining(
              e -> visit(path + "." + e.getKey(), e.getValue(), unboundedAncestors, out));
    }
    List<String> next = new ArrayList<>(unboundedAncestors);
    JsonNode items = node.get("items");
    if (items != null && items.isObject()) {
      if (!node.has("maxItems")) {
        next.add(path);
      }
      visit(path + "[]", items, next, out);
    }
    JsonNode additional = node.get("additionalProperties");
    if (additional != null && additional.isObject()) {
      List<String> nextMap = new ArrayList<>(unboundedAncestors);
      if (!node.has("maxProperties")) {
        nextMap.add(path);
      }
      visit(path + "{}", additional, nextMap, out);
    }
  }

  private static void unbounded(String root, JsonNode subtree, List<String> out) {
    SchemaWalker.walk(
        root,
        subtree,
        (path, node) -> {
          String type = node.path("type").asText();
          boolean intOrString = node.path("x-kubernetes-int-or-string").asBoolean(false);
          if ("array".equals(type) && !node.has("maxItems")) {
            out.add(path + ": array without maxItems reached by a CEL rule");
          } else if ("object".equals(type)
              && node.has("additionalProperties")
              && !node.has("maxProperties")) {
            out.add(path + ": map without maxProperties reached by a CEL rule");
          } else if (("string".equals(type) || intOrString)
              && !node.has("enum")
              && !node.has("maxLength")) {
            out.add(path + ": string without maxLength reached by a CEL rule");
          }
        });
  }
}
