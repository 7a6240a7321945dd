package org.openeuler.nestos.operator.core.rollout;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Why the deletion of an OSVersion waits for a node (pure): the finalizer goes once no node holds
 * it. A node holds it while our work on it is in flight: draining or drained and not yet
 * uncordoned, rebooting or verifying, still cordoned by us, or failed with its Reboot grant not
 * ended (it may still come back and is uncordoned then; docs/chaos.md, seeds 55 and 133).
 */
public final class DeletionHolds {
  /** How many nodes the message names. */
  static final int NAMED = 5;

  private DeletionHolds() {}

  /**
   * One node the deletion waits for.
   *
   * @param node the node's name
   * @param why what it waits for, in words
   */
  public record Hold(String node, String why) {}

  /**
   * Why the deletion waits for {@code n}, of class {@code c} in the paused plan, or empty.
   *
   * @param draining a drain of the node is running
   * @param drained its drain ended drained (cordoned by us, although the cache may not show it)
   */
  public static Optional<Hold> of(NodeSnapshot n, NodeClass c, boolean draining, boolean drained) {
    String why = null;
    if (draining) {
      why = "draining";
    } else if (c == NodeClass.Rebooting) {
      why = n.ready() ? "rebooting" : "rebooting, " + notReady(n);
    } else if (c == NodeClass.Verifying) {
      why = "verifying its health gate";
    } else if (n.cordonedByUs() && c == NodeClass.Failed && NodeClassifier.activeGrant(n)) {
      why =
          n.ready()
              ? "failed, its reboot grant not ended yet"
              : "did not come back from its reboot ("
                  + notReady(n)
                  + "): released when it returns, or once its Node object is deleted";
    } else if (n.cordonedByUs() && c != NodeClass.Failed) {
      why = "cordoned by us, its uncordon pending";
    } else if (drained) {
      why = "drained, its uncordon pending";
    }
    return Optional.ofNullable(why).map(w -> new Hold(n.name(), w));
  }

  /** The status message for {@code holds} (not empty): counted, the first {@link #NAMED} named. */
  public static String message(List<Hold> holds) {
    String named =
        holds.stream()
            .sorted(java.util.Comparator.comparing(Hold::node))
            .limit(NAMED)
            .map(h -> h.node() + " (" + h.why() + ")")
            .collect(Collectors.joining(", "));
    String more = holds.size() > NAMED ? ", and " + (holds.size() - NAMED) + " more" : "";
    return "deletion waits for " + holds.size() + " node(s) with work in flight: " + named + more;
  }

  private static String notReady(NodeSnapshot n) {
    return n.readySince() == null
        ? "NotReady"
        : "NotReady since " + n.readySince().truncatedTo(ChronoUnit.SECONDS);
  }
}
