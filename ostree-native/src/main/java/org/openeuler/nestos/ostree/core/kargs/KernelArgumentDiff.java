package org.openeuler.nestos.ostree.core.kargs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Desired kernel arguments per owner versus a deployment's arguments, as an edit (docs/design.md
 * §5):
 *
 * <ul>
 *   <li>delete each token the project applied before that no owner wants any more and that the
 *       deployment has;
 *   <li>append each desired token the deployment lacks, in owner-then-token order (owners in map
 *       order), so repeats such as {@code console=tty0 console=ttyS0} are all kept and
 *       order-sensitive pairs such as {@code hugepagesz=}/{@code hugepages=} keep their order;
 *   <li>never touch host-owned tokens: desiring one is refused with {@link
 *       HostOwnedArgumentException}, and a host-owned token in the previously-applied record is
 *       ignored.
 * </ul>
 *
 * Tokens already present are left where they are. Applying the edit and diffing again yields an
 * empty edit.
 */
public final class KernelArgumentDiff {

  private KernelArgumentDiff() {}

  public static KernelArgumentEdit diff(
      List<String> current,
      Map<String, List<String>> desiredByOwner,
      Collection<String> previouslyApplied) {
    Set<String> desired = desiredTokens(desiredByOwner);
    Set<String> present = new LinkedHashSet<>(current);
    List<String> delete = new ArrayList<>();
    for (String token : new LinkedHashSet<>(previouslyApplied)) {
      if (!desired.contains(token)
          && present.contains(token)
          && !HostOwnedArguments.isHostOwned(token)) {
        delete.add(token);
      }
    }
    List<String> append = desired.stream().filter(token -> !present.contains(token)).toList();
    return new KernelArgumentEdit(delete, append);
  }

  /**
   * The desired tokens in owner-then-token order, each once; refuses host-owned and malformed
   * tokens.
   */
  public static Set<String> desiredTokens(Map<String, List<String>> desiredByOwner) {
    Set<String> desired = new LinkedHashSet<>();
    desiredByOwner.forEach(
        (owner, tokens) -> {
          for (String token : tokens) {
            if (!KernelArgs.isToken(token)) {
              throw new IllegalArgumentException(
                  "kernel argument \"" + token + "\" from " + owner + " is not one token");
            }
            if (HostOwnedArguments.isHostOwned(token)) {
              throw new HostOwnedArgumentException(owner, token);
            }
            desired.add(token);
          }
        });
    return desired;
  }

  /**
   * What {@code rpm-ostree kargs} leaves: every occurrence of a deleted token removed, missing
   * tokens appended.
   */
  public static List<String> apply(List<String> current, KernelArgumentEdit edit) {
    List<String> result = new ArrayList<>(current);
    result.removeAll(edit.deleteIfPresent());
    for (String token : edit.appendIfMissing()) {
      if (!result.contains(token)) {
        result.add(token);
      }
    }
    return List.copyOf(result);
  }
}
