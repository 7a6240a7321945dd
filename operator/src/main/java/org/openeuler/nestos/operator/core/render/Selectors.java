package org.openeuler.nestos.operator.core.render;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/**
 * metav1.LabelSelector matching over a node's labels: {@code matchLabels} and {@code matchExpressions} (In, NotIn,
 * Exists, DoesNotExist) are ANDed. An empty selector ({@code {}}) selects every node; a null selector selects none
 * (as in Kubernetes). A requirement with an unknown operator, or In/NotIn without values, or Exists/DoesNotExist with
 * values, is invalid and selects nothing (the API server would have rejected it).
 */
public final class Selectors {
  private Selectors() { }

  /** Whether {@code selector} selects an object with {@code labels}. */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    Map<String, String> ls = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        if (!java.util.Objects.equals(ls.get(e.getKey()), e.getValue())) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        if (!matches(r, ls)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean matches(LabelSelectorRequirement r, Map<String, String> labels) {
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
