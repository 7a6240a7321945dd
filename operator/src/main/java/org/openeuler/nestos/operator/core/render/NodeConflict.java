package org.openeuler.nestos.operator.core.render;

import java.util.List;

/**
 * One conflict on one node: several policies set {@code key} differently and {@code winner}'s value
 * applies. Parties are NodeConfig names, or {@code RubikPolicy/<name>} for a managed rubik
 * prerequisite.
 *
 * @param key a sysctl key, or {@code karg:<key>} for kernel arguments (e.g. {@code karg:hugepages})
 * @param winner the party whose value applies
 * @param losers the overridden parties, in rank order
 */
public record NodeConflict(String key, String winner, List<String> losers) {
  /** Prefix of kernel-argument conflict keys (a colon never occurs in a sysctl key). */
  public static final String KARG_PREFIX = "karg:";

  public NodeConflict {
    losers = List.copyOf(losers);
  }

  /** Whether {@code party} is the winner or a loser. */
  public boolean involves(String party) {
    return winner.equals(party) || losers.contains(party);
  }
}
