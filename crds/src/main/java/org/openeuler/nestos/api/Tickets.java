package org.openeuler.nestos.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.Disruption.Allowed;

/**
 * Disruption ticket ids as a pure function of what a grant is bound to (OSVersion, kind, node UID,
 * bootID, revision). The operator issues exactly these, so re-issuing after a lost write yields the
 * same ticket and a re-created node (new UID) or a new boot never shares one; the operator's
 * renderer and the node daemon both refuse a grant whose ticket is not the one the operator would
 * have issued for its fields (docs/decisions.md, "Only the operator's grants count").
 */
public final class Tickets {
  private Tickets() {}

  /** {@code s-<hex>} for Stage, {@code r-<hex>} for Reboot grants. */
  public static String of(
      String osVersion, Allowed kind, String uid, String bootID, String revision) {
    String text =
        String.join(
            "\n",
            String.valueOf(osVersion),
            kind.name(),
            String.valueOf(uid),
            String.valueOf(bootID),
            String.valueOf(revision));
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return (kind == Allowed.Stage ? "s-" : "r-") + HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /**
   * Whether {@code d} (a Stage or Reboot grant) carries the ticket the operator issues for its own
   * bootID and revision on the node {@code uid} owned by {@code osVersion}.
   */
  public static boolean issuedBy(String osVersion, String uid, Disruption d) {
    return d != null
        && d.allowed() != null
        && d.allowed() != Allowed.None
        && d.ticket() != null
        && d.ticket().equals(of(osVersion, d.allowed(), uid, d.bootID(), d.revision()))
        && Objects.nonNull(osVersion);
  }
}
