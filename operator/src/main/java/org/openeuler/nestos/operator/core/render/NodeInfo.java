package org.openeuler.nestos.operator.core.render;

import java.util.Map;
import java.util.Objects;

/**
 * The renderer's view of a Node.
 *
 * @param name Node name (= NodeState name)
 * @param uid Node UID, copied into {@code spec.nodeUID}
 * @param labels Node labels (never null)
 */
public record NodeInfo(String name, String uid, Map<String, String> labels) {
  public NodeInfo {
    Objects.requireNonNull(name, "name");
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}
