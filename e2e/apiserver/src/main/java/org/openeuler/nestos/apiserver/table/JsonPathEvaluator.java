package org.openeuler.nestos.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of kubectl JSONPath used by printer columns: {@code .a.b}, {@code .a[0]}, {@code
 * .a[-1]}, {@code .a[*].b}, {@code .a['b.c']} and filters {@code [?(@.type=="Ready")]} ({@code ==},
 * {@code !=}, or bare {@code [?(@.x)]} for existence). Optional {@code {...}} braces are accepted.
 * Missing paths yield no results.
 */
public final class JsonPathEvaluator {

  private static final Pattern FILTER =
      Pattern.compile(
          "\\?\\(@((?:\\.[\\w-]+)+)\\s*(?:(==|!=)\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s)]+)))?\\s*\\)");

  private JsonPathEvaluator() {}

  /** Every value the path selects, in document order. */
  public static List<JsonNode> evaluate(JsonNode root, String path) {
    List<JsonNode> current = List.of(root);
    String p = path.trim();
    if (p.startsWith("{") && p.endsWith("}")) {
      p = p.substring(1, p.length() - 1).trim();
    }
    int i = 0;
    while (i < p.length() && !current.isEmpty()) {
      char c = p.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < p.length() && p.charAt(end) != '.' && p.charAt(end) != '[') {
          end++;
        }
        String field = p.substring(i + 1, end);
        if (!field.isEmpty()) {
          current = field(current, field);
        }
        i = end;
      } else if (c == '[') {
        int end = closingBracket(p, i);
        current = bracket(current, p.substring(i + 1, end).trim());
        i = end + 1;
      } else {
        throw new IllegalArgumentException("unsupported JSONPath at " + i + ": " + path);
      }
    }
    return current.stream().filter(n -> !n.isMissingNode() && !n.isNull()).toList();
  }

  /**
   * The selected values as kubectl prints them for a custom column: scalars' text, joined with
   * {@code ","}.
   */
  public static String text(JsonNode root, String path) {
    return String.join(",", evaluate(root, path).stream().map(JsonPathEvaluator::asText).toList());
  }

  static String asText(JsonNode node) {
    return node.isValueNode() ? node.asText() : node.toString();
  }

  private static int closingBracket(String p, int open) {
    char quote = 0;
    for (int i = open + 1; i < p.length(); i++) {
      char c = p.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == ']') {
        return i;
      }
    }
    throw new IllegalArgumentException("unclosed [ in JSONPath: " + p);
  }

  private static List<JsonNode> field(List<JsonNode> nodes, String name) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode n : nodes) {
      if (n.isObject() && n.has(name)) {
        out.add(n.get(name));
      }
    }
    return out;
  }

  private static List<JsonNode> bracket(List<JsonNode> nodes, String expr) {
    if (expr.startsWith("'") || expr.startsWith("\"")) {
      return field(nodes, expr.substring(1, expr.length() - 1));
    }
    List<JsonNode> out = new ArrayList<>();
    Matcher filter = FILTER.matcher(expr);
    boolean isFilter = filter.matches();
    if (expr.startsWith("?") && !isFilter) {
      throw new IllegalArgumentException("unsupported JSONPath filter: " + expr);
    }
    for (JsonNode n : nodes) {
      if ("*".equals(expr)) {
        n.forEach(out::add);
      } else if (!n.isArray()) {
        continue;
      } else if (isFilter) {
        n.forEach(
            e -> {
              if (matches(e, filter)) {
                out.add(e);
              }
            });
      } else {
        int index = Integer.parseInt(expr);
        int at = index < 0 ? n.size() + index : index;
        if (at >= 0 && at < n.size()) {
          out.add(n.get(at));
        }
      }
    }
    return out;
  }

  private static boolean matches(JsonNode element, Matcher filter) {
    List<JsonNode> values = evaluate(element, filter.group(1));
    if (filter.group(2) == null) {
      return !values.isEmpty();
    }
    String expected =
        filter.group(3) != null
            ? filter.group(3)
            : filter.group(4) != null ? filter.group(4) : filter.group(5);
    boolean equal = !values.isEmpty() && asText(values.get(0)).equals(expected);
    return "==".equals(filter.group(2)) == equal;
  }
}
