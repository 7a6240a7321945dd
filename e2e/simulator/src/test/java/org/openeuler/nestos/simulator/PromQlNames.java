package org.openeuler.nestos.simulator;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (or a Grafana query) selects: a small tokenizer, enough for
 * the project's alerts and dashboard. It drops string literals, label matchers, range and subquery
 * brackets, Grafana variables, {@code by/without/on/ignoring/group_left/group_right (...)} label
 * lists, {@code offset} durations and numbers; what is left is functions and aggregations (followed
 * by {@code (}), keywords, and metric names.
 */
final class PromQlNames {

  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "inf",
          "nan",
          "atan2");
  private static final Pattern IDENT = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,");

  private PromQlNames() {}

  /** The metric names {@code expr} selects. */
  static Set<String> of(String expr) {
    Set<String> names = new TreeSet<>();
    Matcher lv = LABEL_VALUES.matcher(expr);
    if (lv.find()) {
      names.add(lv.group(1));
      return names;
    }
    String s = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", " ");
    s = s.replaceAll("'(\\\\.|[^'\\\\])*'", " ");
    s = s.replaceAll("\\{[^}]*}", " ");
    s = s.replaceAll("\\[[^\\]]*]", " ");
    s = s.replaceAll("\\$\\{[^}]*}|\\$\\w+", " ");
    s = s.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    s = s.replaceAll("\\boffset\\s+-?[0-9a-z]+", " ");
    s = s.replaceAll("(?<![a-zA-Z0-9_:])[0-9][0-9.]*([eE][+-]?[0-9]+)?", " ");
    Matcher m = IDENT.matcher(s);
    while (m.find()) {
      String word = m.group(1);
      if (m.group(2) == null && !KEYWORDS.contains(word.toLowerCase())) {
        names.add(word);
      }
    }
    return names;
  }
}
