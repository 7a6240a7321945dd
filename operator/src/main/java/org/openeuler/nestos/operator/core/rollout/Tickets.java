package org.openeuler.nestos.operator.core.rollout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.openeuler.nestos.api.v1alpha1.Disruption.Allowed;

/**
 * Ticket ids as a pure function of what a grant is bound to (OSVersion, kind, node UID, bootID,
 * revision): re-issuing after a lost write yields the same ticket, and a re-created node (new UID)
 * or a new boot never shares one.
 */
public final class Tickets {
  private Tickets() {}

  /** {@code s-<hex>} for Stage, {@code r-<hex>} for Reboot grants. */
  public static String of(
      String osVersion, Allowed kind, String uid, String bootID, String revision) {
    String text = String.join("\n", osVersion, kind.name(), String.valueOf(uid), bootID, revision);
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return (kind == Allowed.Stage ? "s-" : "r-") + HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
