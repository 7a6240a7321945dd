package org.openeuler.nestos.operator.core.render;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.openeuler.nestos.api.v1alpha1.SysctlConflict;

/**
 * Per-node conflicts aggregated for one party (a NodeConfig name or {@code RubikPolicy/<name>}):
 * one entry per key the party is involved in on at least one node. {@code nodeCount} counts those
 * nodes; {@code winner} is the party that wins on the most of them (ties: the lexicographically
 * smaller name); {@code losers} are every other party involved on those nodes (sorted, at most
 * {@link #MAX_LOSERS}).
 */
final class ConflictAggregation {
  static final int MAX_LOSERS = 16;

  private ConflictAggregation() {}

  static List<SysctlConflict> forParty(String party, Collection<RenderedNode> nodes) {
    Map<String, List<NodeConflict>> byKey = new TreeMap<>();
    for (RenderedNode n : nodes) {
      for (NodeConflict c : n.conflicts()) {
        if (c.involves(party)) {
          byKey.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
        }
      }
    }
    List<SysctlConflict> out = new ArrayList<>();
    byKey.forEach(
        (key, list) -> {
          Map<String, Integer> wins = new TreeMap<>();
          TreeSet<String> parties = new TreeSet<>();
          for (NodeConflict c : list) {
            wins.merge(c.winner(), 1, Integer::sum);
            parties.add(c.winner());
            parties.addAll(c.losers());
          }
          String winner = null;
          for (Map.Entry<String, Integer> w : wins.entrySet()) {
            if (winner == null || w.getValue() > wins.get(winner)) {
              winner = w.getKey();
            }
          }
          parties.remove(winner);
          List<String> losers = parties.stream().limit(MAX_LOSERS).toList();
          out.add(new SysctlConflict(key, winner, losers, list.size()));
        });
    return out;
  }
}
