package org.openeuler.nestos.operator.core.render;

import java.util.List;

/**
 * What the render means for one OSVersion.
 *
 * @param name the OSVersion
 * @param targetNodes nodes it owns in this render (sorted), including nodes retained while an
 *     update is in flight
 * @param overlapNodes nodes it selects that another OSVersion also selects (sorted): moved by none
 * @param overlapsWith the other OSVersions involved (sorted); non-empty means {@code
 *     Stalled/SelectorOverlap}
 */
public record OsVersionRender(
    String name, List<String> targetNodes, List<String> overlapNodes, List<String> overlapsWith) {
  public OsVersionRender {
    targetNodes = List.copyOf(targetNodes);
    overlapNodes = List.copyOf(overlapNodes);
    overlapsWith = List.copyOf(overlapsWith);
  }

  /** Whether this OSVersion overlaps another on at least one node. */
  public boolean overlapping() {
    return !overlapNodes.isEmpty();
  }
}
