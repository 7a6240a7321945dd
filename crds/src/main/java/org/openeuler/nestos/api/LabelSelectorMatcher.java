package org.openeuler.nestos.api;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code metav1.LabelSelector} semantics, in one place for every module: {@code matchLabels} and
 * {@code matchExpressions} (In, NotIn, Exists, DoesNotExist) are ANDed; an empty selector ({@code
 * {}}) selects everything, a null selector nothing. A malformed requirement (unknown operator,
 * In/NotIn without values, Exists/DoesNotExist with values) selects nothing — the API server would
 * have refused it.
 */
public final class LabelSelectorMatcher {

  private LabelSelectorMatcher() {}

  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    Map<String, String> ls = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        if (!Objects.equals(ls.get(e.getKey()), e.getValue())) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        if (!holds(r, ls)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean holds(LabelSelectorRequirement r, Map<String, String> labels) {
    if (r == null || r.getKey() == null || r.getOperator() == null) {
      return false;
    }
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    String value = labels.get(r.getKey());
    return switch (r.getOperator()) {
      case "In" -> !values.isEmpty() && value != null && values.contains(value);
      case "NotIn" -> !values.isEmpty() && (value == null || !values.contains(value));
      case "Exists" -> values.isEmpty() && labels.containsKey(r.getKey());
      case "DoesNotExist" -> values.isEmpty() && !labels.containsKey(r.getKey());
      default -> false;
    };
  }
}
