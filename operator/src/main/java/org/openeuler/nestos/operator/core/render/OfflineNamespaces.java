package org.openeuler.nestos.operator.core.render;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openeuler.nestos.api.v1alpha1.OfflineSelector;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.rubik.core.classify.OfflineClassifier;

/**
 * Resolves RubikPolicies' {@code offline.namespaceSelector} into the sorted namespace names
 * rendered as the profile's {@code offlineNamespaces} (the daemon does not watch Namespaces).
 * Matching is the classifier's ({@link OfflineClassifier#namespaceMatches}: the {@code
 * kubernetes.io/metadata.name} label is implied). Each policy is resolved once per render, and only
 * when it wins a node. More than {@link RubikProfile#MAX_OFFLINE_NAMESPACES} matches render an
 * empty list, never a partial one (the policy reports {@code TooManyNamespaces}).
 */
final class OfflineNamespaces {
  private final List<Map.Entry<String, Map<String, String>>> sorted;
  private final Map<String, List<String>> byPolicy = new HashMap<>();
  private final Map<String, Integer> matched = new HashMap<>();

  OfflineNamespaces(Map<String, Map<String, String>> namespaces) {
    this.sorted = namespaces.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
  }

  /**
   * The list to render for winning policy {@code p}: null without a namespaceSelector or in mode
   * Rubik.
   */
  List<String> of(RubikPolicyInput p) {
    OfflineSelector offline = p.spec().offline();
    if (p.mode() == RubikPolicySpec.Mode.Rubik
        || offline == null
        || offline.namespaceSelector() == null) {
      return null;
    }
    return byPolicy.computeIfAbsent(
        p.name(),
        k -> {
          List<String> names =
              sorted.stream()
                  .filter(
                      e ->
                          OfflineClassifier.namespaceMatches(
                              offline.namespaceSelector(), e.getKey(), e.getValue()))
                  .map(Map.Entry::getKey)
                  .toList();
          matched.put(p.name(), names.size());
          return names.size() > RubikProfile.MAX_OFFLINE_NAMESPACES ? List.of() : names;
        });
  }

  /** How many namespaces policy {@code name}'s selector matched; -1 when it was not resolved. */
  int matched(String name) {
    return matched.getOrDefault(name, -1);
  }
}
