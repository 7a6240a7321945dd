package org.openeuler.nestos.operator.core.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openeuler.nestos.api.v1alpha1.OwnedKernelArgument;
import org.openeuler.nestos.ostree.core.kargs.HostOwnedArguments;
import org.openeuler.nestos.ostree.core.kargs.KernelArgs;

/**
 * Kernel-argument merge over contributions in rank order (docs/design.md §5: tokens, not unique
 * keys).
 *
 * <ul>
 *   <li>Host-owned ({@link HostOwnedArguments}) and malformed tokens are refused (dropped and
 *       reported).
 *   <li>Tokens are grouped by key; {@code hugepagesz}, {@code hugepages} and {@code
 *       default_hugepagesz} form one group ({@code hugepages}) since their order pairs them. A
 *       group is won by the first contribution that has tokens in it; a later contribution with
 *       exactly the same tokens for that group co-owns them, one with different tokens loses the
 *       whole group (a {@link NodeConflict} keyed {@code karg:<group>}).
 *   <li>Repeatable keys ({@link #REPEATABLE}, e.g. {@code console}) never conflict: every
 *       contribution's tokens are kept.
 *   <li>The result concatenates the surviving tokens in contribution order, each policy's order
 *       kept; a token already present is listed once with all its owners (append-if-missing
 *       semantics).
 * </ul>
 */
final class KernelArgumentMerge {
  /** Keys the kernel accepts several times with all values in effect. */
  static final Set<String> REPEATABLE = Set.of("console");

  private KernelArgumentMerge() {}

  /**
   * @param kernelArguments merged tokens with owners
   * @param conflicts conflicts per group
   * @param refused refused tokens per party (host-owned or malformed)
   */
  record Result(
      List<OwnedKernelArgument> kernelArguments,
      List<NodeConflict> conflicts,
      Map<String, List<String>> refused) {}

  static Result merge(List<Contribution> ranked) {
    Map<String, List<String>> refused = new LinkedHashMap<>();
    Map<String, List<String>> winnerTokens = new LinkedHashMap<>();
    Map<String, String> winnerParty = new LinkedHashMap<>();
    Map<String, List<String>> losers = new LinkedHashMap<>();
    Map<String, Map<String, List<String>>> owners = new LinkedHashMap<>();
    for (Contribution c : ranked) {
      List<String> tokens = new ArrayList<>(new LinkedHashSet<>(c.kernelArguments()));
      tokens.removeIf(
          t -> {
            boolean bad = !KernelArgs.isToken(t) || HostOwnedArguments.isHostOwned(t);
            if (bad) {
              refused.computeIfAbsent(c.party(), p -> new ArrayList<>()).add(t);
            }
            return bad;
          });
      Map<String, List<String>> byGroup = new LinkedHashMap<>();
      for (String t : tokens) {
        byGroup.computeIfAbsent(group(t), g -> new ArrayList<>()).add(t);
      }
      Set<String> lostGroups = new LinkedHashSet<>();
      for (Map.Entry<String, List<String>> g : byGroup.entrySet()) {
        String group = g.getKey();
        if (REPEATABLE.contains(group)) {
          continue;
        }
        List<String> won = winnerTokens.putIfAbsent(group, g.getValue());
        if (won == null) {
          winnerParty.put(group, c.party());
        } else if (!won.equals(g.getValue())) {
          lostGroups.add(group);
          losers.computeIfAbsent(group, x -> new ArrayList<>()).add(c.party());
        }
      }
      for (String t : tokens) {
        if (!lostGroups.contains(group(t))) {
          owners.computeIfAbsent(t, x -> new LinkedHashMap<>()).put(c.owner(), List.of());
        }
      }
    }
    List<OwnedKernelArgument> out = new ArrayList<>();
    owners.forEach((t, o) -> out.add(new OwnedKernelArgument(t, List.copyOf(o.keySet()))));
    List<NodeConflict> conflicts = new ArrayList<>();
    losers.forEach(
        (g, l) ->
            conflicts.add(new NodeConflict(NodeConflict.KARG_PREFIX + g, winnerParty.get(g), l)));
    return new Result(out, conflicts, refused);
  }

  /**
   * The conflict group of a token: its key, with the hugepage keys folded into {@code hugepages}.
   */
  static String group(String token) {
    String key = KernelArgs.key(token);
    return switch (key) {
      case "hugepagesz", "hugepages", "default_hugepagesz" -> "hugepages";
      default -> key;
    };
  }
}
