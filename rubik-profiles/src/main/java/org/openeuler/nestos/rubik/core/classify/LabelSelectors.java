package org.openeuler.nestos.rubik.core.classify;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openeuler.nestos.api.LabelSelectorMatcher;
import org.openeuler.nestos.rubik.core.plan.FieldError;

/**
 * {@code metav1.LabelSelector} semantics: all matchLabels and all requirements must hold; {@code
 * {}} matches all.
 */
public final class LabelSelectors {
  private LabelSelectors() {}

  /**
   * Whether the labels satisfy the selector ({@link LabelSelectorMatcher}); a {@code null} selector
   * matches nothing.
   */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    return LabelSelectorMatcher.matches(selector, labels);
  }

  /**
   * Field errors of a selector (unknown operators, values where none are allowed and vice versa).
   */
  public static List<FieldError> validate(LabelSelector selector, String field) {
    List<FieldError> errors = new ArrayList<>();
    if (selector == null || selector.getMatchExpressions() == null) {
      return errors;
    }
    List<LabelSelectorRequirement> exprs = selector.getMatchExpressions();
    for (int i = 0; i < exprs.size(); i++) {
      LabelSelectorRequirement r = exprs.get(i);
      String f = field + ".matchExpressions[" + i + "]";
      boolean hasValues = r.getValues() != null && !r.getValues().isEmpty();
      String op = r.getOperator() == null ? "" : r.getOperator();
      switch (op) {
        case "In", "NotIn" -> {
          if (!hasValues) {
            errors.add(new FieldError(f + ".values", "must be non-empty for operator " + op));
          }
        }
        case "Exists", "DoesNotExist" -> {
          if (hasValues) {
            errors.add(new FieldError(f + ".values", "must be empty for operator " + op));
          }
        }
        default ->
            errors.add(
                new FieldError(
                    f + ".operator",
                    "unknown operator '" + op + "' (In, NotIn, Exists, DoesNotExist)"));
      }
      if (r.getKey() == null || r.getKey().isEmpty()) {
        errors.add(new FieldError(f + ".key", "must be set"));
      }
    }
    return errors;
  }
}
