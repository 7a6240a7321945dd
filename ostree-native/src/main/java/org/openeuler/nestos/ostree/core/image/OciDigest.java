package org.openeuler.nestos.ostree.core.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * An OCI content digest; only {@code sha256} is accepted (the algorithm every registry and
 * ostree-rs-ext use, and the only one the OSVersion CRD allows). The one digest type of this
 * module: image references, descriptors, registry and layout addressing all use it.
 */
public record OciDigest(String hex) {

  public static final String PREFIX = "sha256:";
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  public OciDigest {
    if (hex == null || !HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("not a sha256 digest (64 lowercase hex): " + hex);
    }
  }

  /** Parses {@code sha256:<64 hex>}. */
  public static OciDigest parse(String digest) {
    if (!isValid(digest)) {
      throw new IllegalArgumentException(
          "invalid digest '" + digest + "' (expected sha256:<64 lowercase hex>)");
    }
    return new OciDigest(digest.substring(PREFIX.length()));
  }

  /** Whether {@code digest} is {@code sha256:<64 lowercase hex>}. */
  public static boolean isValid(String digest) {
    return digest != null
        && digest.startsWith(PREFIX)
        && HEX.matcher(digest).region(PREFIX.length(), digest.length()).matches();
  }

  /** The digest of {@code content}. */
  public static OciDigest of(byte[] content) {
    return fromRaw(sha256().digest(content));
  }

  /** The digest of a finished SHA-256 hash. */
  public static OciDigest fromRaw(byte[] sha256) {
    return new OciDigest(HexFormat.of().formatHex(sha256));
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return PREFIX + hex;
  }
}
