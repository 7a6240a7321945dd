package org.openeuler.nestos.apiserver.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The disruption controller's numbers for one PDB: pods it expects, how many must stay healthy, how
 * many are.
 */
record Budget(int expected, int desired, int healthy) {

  static Budget of(JsonNode pdb, List<JsonNode> podsInNamespace) {
    JsonNode selector = pdb.path("spec").path("selector");
    List<JsonNode> pods =
        podsInNamespace.stream()
            .filter(p -> LabelSelectors.matches(selector, p.path("metadata").path("labels")))
            .filter(
                p ->
                    !List.of("Succeeded", "Failed")
                        .contains(p.path("status").path("phase").asText()))
            .toList();
    int expected =
        pdb.path("status").path("expectedPods").asInt(0) > 0
            ? pdb.path("status").path("expectedPods").asInt()
            : pods.size();
    int healthy =
        (int)
            pods.stream()
                .filter(p -> !p.path("metadata").hasNonNull("deletionTimestamp"))
                .filter(Budget::isReady)
                .count();
    JsonNode spec = pdb.path("spec");
    int desired;
    if (spec.has("maxUnavailable")) {
      desired = Math.max(0, expected - scaled(spec.get("maxUnavailable"), expected));
    } else if (spec.has("minAvailable")) {
      desired = scaled(spec.get("minAvailable"), expected);
    } else {
      desired =
          expected; // kube defaults minAvailable to 1 only via API defaulting; be strict otherwise
    }
    return new Budget(expected, desired, healthy);
  }

  /**
   * An int-or-string: plain int, or {@code "N%"} of {@code total} rounded up (kube rounds up for
   * PDBs).
   */
  static int scaled(JsonNode value, int total) {
    String text = value.asText().trim();
    if (text.endsWith("%")) {
      int percent = Integer.parseInt(text.substring(0, text.length() - 1));
      return (int) Math.ceil(percent * total / 100.0);
    }
    return Integer.parseInt(text);
  }

  static boolean isReady(JsonNode pod) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if ("Ready".equals(c.path("type").asText())) {
        return "True".equals(c.path("status").asText());
      }
    }
    return false;
  }
}
