package org.openeuler.nestos.apiserver.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** {@code metav1.LabelSelector} matching ({@code matchLabels} + {@code matchExpressions}). */
public final class LabelSelectors {

  private LabelSelectors() {}

  /** Whether the selector has no requirements at all (null, missing or {@code {}}). */
  public static boolean isEmpty(JsonNode selector) {
    return selector == null
        || selector.isMissingNode()
        || selector.isNull()
        || (selector.path("matchLabels").isEmpty() && selector.path("matchExpressions").isEmpty());
  }

  public static boolean matches(JsonNode selector, JsonNode labels) {
    for (Iterator<Map.Entry<String, JsonNode>> it = selector.path("matchLabels").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
        return false;
      }
    }
    for (JsonNode expr : selector.path("matchExpressions")) {
      String key = expr.path("key").asText();
      boolean has = labels.has(key);
      List<String> values = new ArrayList<>();
      expr.path("values").forEach(v -> values.add(v.asText()));
      boolean ok =
          switch (expr.path("operator").asText()) {
            case "In" -> has && values.contains(labels.get(key).asText());
            case "NotIn" -> !has || !values.contains(labels.get(key).asText());
            case "Exists" -> has;
            case "DoesNotExist" -> !has;
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
