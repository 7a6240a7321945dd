package org.openeuler.nestos.daemon.core.update;

import java.util.Map;
import org.openeuler.nestos.api.Annotations;

/**
 * The daemon's last check before it claims a Reboot ticket (pure; docs/decisions.md "Only the
 * operator's grants count"): the operator grants a reboot only after it cordoned the node for the
 * grant's revision ({@code spec.unschedulable} and the {@code nestos.openeuler.org/cordoned-for}
 * annotation, which the daemon cannot write: it may only read its Node) and drained it. A grant on
 * a node that is not cordoned for its revision did not come from the rollout — it is refused, so a
 * hand-written grant can never reboot a node that is still serving pods. The machine has already
 * checked that the ticket is the one the operator issues for the grant's fields ({@code
 * org.openeuler.nestos.api.Tickets}).
 */
public final class GrantAuthority {
  private GrantAuthority() {}

  /**
   * Why a Reboot grant for {@code revision} must not be claimed on a Node in this state, or null
   * when it may.
   *
   * @param unschedulable the Node's {@code spec.unschedulable}
   * @param annotations the Node's annotations (may be null)
   */
  public static String refusal(
      String revision, boolean unschedulable, Map<String, String> annotations) {
    String cordonedFor = annotations == null ? null : annotations.get(Annotations.CORDONED_FOR);
    if (revision == null) {
      return "the grant names no revision";
    }
    if (!unschedulable || !revision.equals(cordonedFor)) {
      return "refused: the node is not cordoned by the operator for revision "
          + revision
          + " (unschedulable="
          + unschedulable
          + ", "
          + Annotations.CORDONED_FOR
          + "="
          + cordonedFor
          + "); a grant without the rollout's cordon and drain is not the operator's";
    }
    return null;
  }
}
