package org.openeuler.nestos.apiserver.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Kubernetes label selectors ({@code a=b, a!=b, a in (x,y), a notin (x), a, !a}) and field
 * selectors ({@code metadata.name=x, spec.nodeName!=y}, any dotted path to a scalar) as {@link
 * ObjectFilter}s.
 */
public final class Selectors {

  private Selectors() {}

  public static ObjectFilter of(String labelSelector, String fieldSelector) {
    Predicate<JsonNode> labels = parseLabels(labelSelector);
    Predicate<JsonNode> fields = parseFields(fieldSelector);
    return (key, object) -> labels.test(object) && fields.test(object);
  }

  public static final ObjectFilter ALL = (key, object) -> true;

  static Predicate<JsonNode> parseLabels(String selector) {
    if (selector == null || selector.isBlank()) {
      return o -> true;
    }
    List<Predicate<JsonNode>> terms = new ArrayList<>();
    for (String term : splitTopLevel(selector)) {
      terms.add(labelTerm(term.trim()));
    }
    return o -> terms.stream().allMatch(t -> t.test(o));
  }

  private static Predicate<JsonNode> labelTerm(String term) {
    String[] setOp = term.split("\\s+(?=(in|notin)\\s*\\()", 2);
    if (setOp.length == 2) {
      String key = setOp[0].trim();
      boolean in = setOp[1].startsWith("in");
      String inner = setOp[1].substring(setOp[1].indexOf('(') + 1, setOp[1].lastIndexOf(')'));
      Set<String> values =
          Arrays.stream(inner.split(",")).map(String::trim).collect(Collectors.toSet());
      return o -> {
        String v = label(o, key);
        return in ? v != null && values.contains(v) : v == null || !values.contains(v);
      };
    }
    if (term.startsWith("!")) {
      String key = term.substring(1).trim();
      return o -> label(o, key) == null;
    }
    int ne = term.indexOf("!=");
    if (ne > 0) {
      String key = term.substring(0, ne).trim();
      String value = term.substring(ne + 2).trim();
      return o -> !value.equals(label(o, key));
    }
    int eq = term.indexOf('=');
    if (eq > 0) {
      String key = term.substring(0, eq).trim();
      String value = term.substring(term.startsWith("=", eq + 1) ? eq + 2 : eq + 1).trim();
      return o -> value.equals(label(o, key));
    }
    return o -> label(o, term) != null;
  }

  static Predicate<JsonNode> parseFields(String selector) {
    if (selector == null || selector.isBlank()) {
      return o -> true;
    }
    List<Predicate<JsonNode>> terms = new ArrayList<>();
    for (String term : selector.split(",")) {
      boolean negate = term.contains("!=");
      String[] kv = term.split(negate ? "!=" : "==?", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("invalid field selector term: " + term);
      }
      String[] path = kv[0].trim().split("\\.");
      String value = kv[1].trim();
      terms.add(o -> negate != value.equals(scalar(o, path)));
    }
    return o -> terms.stream().allMatch(t -> t.test(o));
  }

  private static String label(JsonNode object, String key) {
    JsonNode v = object.path("metadata").path("labels").get(key);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String scalar(JsonNode object, String[] path) {
    JsonNode node = object;
    for (String p : path) {
      node = node.path(p);
    }
    return node.isMissingNode() || node.isNull() ? "" : node.asText();
  }

  /** Splits on commas that are not inside parentheses. */
  private static List<String> splitTopLevel(String s) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(s.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }
}
