package org.openeuler.nestos.ostree.registry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** {@code sha256:<64 hex>} digests: validation and computation. */
public final class Digests {

  private static final Pattern SHA256 = Pattern.compile("sha256:[a-f0-9]{64}");

  private Digests() {}

  public static boolean isValid(String digest) {
    return digest != null && SHA256.matcher(digest).matches();
  }

  /** The digest unchanged, or an {@link IllegalArgumentException} saying why it is not a sha256 digest. */
  public static String requireValid(String digest) {
    if (!isValid(digest)) {
      throw new IllegalArgumentException("invalid digest '" + digest + "' (expected sha256:<64 lower-case hex>)");
    }
    return digest;
  }

  public static String sha256(byte[] data) {
    return of(newSha256().digest(data));
  }

  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code sha256:<hex>} of a finished SHA-256 hash. */
  public static String of(byte[] sha256) {
    return "sha256:" + HexFormat.of().formatHex(sha256);
  }

  /** The 64 hex characters after {@code sha256:}. */
  public static String hex(String digest) {
    return requireValid(digest).substring("sha256:".length());
  }
}
