package org.openeuler.nestos.operator.core.rollout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The deterministic pick order. Without a spread label: by node name. With one: nodes grouped by
 * the label's value (groups sorted by value, nodes without the label in a last group), visited
 * round-robin, each group by name — so consecutive picks land in different failure domains. The
 * order depends only on names and labels, never on state, so it is stable from pass to pass.
 */
public final class NodeOrder {
  private NodeOrder() {}

  /** {@code nodes} in pick order. */
  public static List<NodeSnapshot> order(List<NodeSnapshot> nodes, String spreadByLabel) {
    List<NodeSnapshot> byName = new ArrayList<>(nodes);
    byName.sort(Comparator.comparing(NodeSnapshot::name));
    if (spreadByLabel == null || spreadByLabel.isBlank()) {
      return byName;
    }
    Map<String, List<NodeSnapshot>> groups = new TreeMap<>();
    List<NodeSnapshot> unlabelled = new ArrayList<>();
    for (NodeSnapshot n : byName) {
      String value = n.labels().get(spreadByLabel);
      if (value == null) {
        unlabelled.add(n);
      } else {
        groups.computeIfAbsent(value, k -> new ArrayList<>()).add(n);
      }
    }
    List<List<NodeSnapshot>> lanes = new ArrayList<>(groups.values());
    if (!unlabelled.isEmpty()) {
      lanes.add(unlabelled);
    }
    List<NodeSnapshot> out = new ArrayList<>(byName.size());
    for (int round = 0; out.size() < byName.size(); round++) {
      for (List<NodeSnapshot> lane : lanes) {
        if (round < lane.size()) {
          out.add(lane.get(round));
        }
      }
    }
    return out;
  }
}
