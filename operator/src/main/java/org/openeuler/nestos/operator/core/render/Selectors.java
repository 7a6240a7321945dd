package org.openeuler.nestos.operator.core.render;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.Map;
import org.openeuler.nestos.api.LabelSelectorMatcher;

/**
 * metav1.LabelSelector matching over a node's labels: {@code matchLabels} and {@code
 * matchExpressions} (In, NotIn, Exists, DoesNotExist) are ANDed. An empty selector ({@code {}})
 * selects every node; a null selector selects none (as in Kubernetes). A requirement with an
 * unknown operator, or In/NotIn without values, or Exists/DoesNotExist with values, is invalid and
 * selects nothing (the API server would have rejected it).
 */
public final class Selectors {
  private Selectors() {}

  /**
   * Whether {@code selector} selects an object with {@code labels} ({@link LabelSelectorMatcher}).
   */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    return LabelSelectorMatcher.matches(selector, labels);
  }
}
