package org.openeuler.nestos.apiserver.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One committed change, in resourceVersion order. {@code previous} is null for ADDED, {@code
 * object} is the last state for DELETED.
 */
public record WatchEvent(
    Type type, ObjectKey key, ObjectNode object, ObjectNode previous, long resourceVersion) {
  public enum Type {
    ADDED,
    MODIFIED,
    DELETED
  }
}
