package org.openeuler.nestos.ostree.core.ref;

import java.util.regex.Pattern;

/**
 * How an ostree-native image is verified (ostree-rs-ext {@code SignatureSource}): not at all, by an
 * ostree remote's keys ({@code remote} set), or by {@code /etc/containers/policy.json}.
 */
public record SignatureSource(Verification verification, String remote) {

  private static final Pattern REMOTE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** The three verification modes. */
  public enum Verification {
    UNVERIFIED,
    OSTREE_REMOTE,
    CONTAINER_POLICY
  }

  public static final SignatureSource UNVERIFIED =
      new SignatureSource(Verification.UNVERIFIED, null);
  public static final SignatureSource CONTAINER_POLICY =
      new SignatureSource(Verification.CONTAINER_POLICY, null);

  public SignatureSource {
    if (verification == null) {
      throw new IllegalArgumentException("verification is required");
    }
    if ((verification == Verification.OSTREE_REMOTE) != (remote != null)) {
      throw new IllegalArgumentException("a remote name goes with OSTREE_REMOTE verification only");
    }
    if (remote != null && !isValidRemote(remote)) {
      throw new IllegalArgumentException("invalid ostree remote name: \"" + remote + "\"");
    }
  }

  public static SignatureSource ostreeRemote(String remote) {
    return new SignatureSource(Verification.OSTREE_REMOTE, remote);
  }

  static boolean isValidRemote(String remote) {
    return REMOTE_NAME.matcher(remote).matches();
  }
}
