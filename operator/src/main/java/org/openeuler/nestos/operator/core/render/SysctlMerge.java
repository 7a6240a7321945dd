package org.openeuler.nestos.operator.core.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openeuler.nestos.api.v1alpha1.OwnedSysctl;

/**
 * Per-key sysctl merge over contributions in rank order: the first contribution setting a key wins;
 * every other contribution setting it is a co-owner (listed after the winner); those whose value
 * differs (compared with whitespace runs collapsed, as the kernel prints multi-field values) are
 * losers of a {@link NodeConflict}. Output is sorted by key.
 */
final class SysctlMerge {
  private SysctlMerge() {}

  record Result(List<OwnedSysctl> sysctls, List<NodeConflict> conflicts) {}

  static Result merge(List<Contribution> ranked) {
    Map<String, List<Contribution>> byKey = new TreeMap<>();
    for (Contribution c : ranked) {
      for (String key : c.sysctls().keySet()) {
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
      }
    }
    List<OwnedSysctl> out = new ArrayList<>();
    List<NodeConflict> conflicts = new ArrayList<>();
    for (Map.Entry<String, List<Contribution>> e : byKey.entrySet()) {
      String key = e.getKey();
      Contribution winner = e.getValue().get(0);
      String value = winner.sysctls().get(key);
      Map<String, Boolean> owners = new LinkedHashMap<>();
      List<String> losers = new ArrayList<>();
      for (Contribution c : e.getValue()) {
        owners.put(c.owner(), Boolean.TRUE);
        if (c != winner && !normalize(c.sysctls().get(key)).equals(normalize(value))) {
          losers.add(c.party());
        }
      }
      out.add(new OwnedSysctl(key, value, List.copyOf(owners.keySet())));
      if (!losers.isEmpty()) {
        conflicts.add(new NodeConflict(key, winner.party(), losers));
      }
    }
    return new Result(out, conflicts);
  }

  /** A value as compared: trimmed, whitespace runs collapsed to one space. */
  static String normalize(String value) {
    return value == null ? "" : value.trim().replaceAll("\\s+", " ");
  }
}
