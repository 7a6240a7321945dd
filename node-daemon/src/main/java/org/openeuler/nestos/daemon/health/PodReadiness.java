package org.openeuler.nestos.daemon.health;

import io.fabric8.kubernetes.api.model.LabelSelector;

/**
 * Readiness of the pods on this node (from the daemon's own pod watch); used by {@code PodsReady}
 * checks.
 */
@FunctionalInterface
public interface PodReadiness {

  /**
   * @param namespace null for all namespaces
   */
  Counts count(String namespace, LabelSelector selector);

  /** How many matching pods there are on this node and how many of them are Ready. */
  record Counts(int total, int ready) {}
}
