package org.openeuler.nestos.operator.core.rollout;

import org.openeuler.nestos.api.v1alpha1.Disruption.Allowed;

/**
 * Ticket ids as a pure function of what a grant is bound to (OSVersion, kind, node UID, bootID,
 * revision): re-issuing after a lost write yields the same ticket, and a re-created node (new UID)
 * or a new boot never shares one. The function lives in the API module ({@link
 * org.openeuler.nestos.api.Tickets}) because the daemon checks it too.
 */
public final class Tickets {
  private Tickets() {}

  /** {@code s-<hex>} for Stage, {@code r-<hex>} for Reboot grants. */
  public static String of(
      String osVersion, Allowed kind, String uid, String bootID, String revision) {
    return org.openeuler.nestos.api.Tickets.of(osVersion, kind, uid, bootID, revision);
  }
}
