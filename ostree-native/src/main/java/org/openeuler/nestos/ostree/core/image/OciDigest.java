package org.openeuler.nestos.ostree.core.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** An OCI content digest; only {@code sha256} is accepted (the algorithm every registry and ostree-rs-ext use). */
public record OciDigest(String hex) {

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  public OciDigest {
    if (hex == null || !HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("not a sha256 digest (64 lowercase hex): " + hex);
    }
  }

  /** Parses {@code sha256:<64 hex>}. */
  public static OciDigest parse(String digest) {
    if (digest == null || !digest.startsWith("sha256:")) {
      throw new IllegalArgumentException("digest must be sha256:<64 hex>, got: " + digest);
    }
    return new OciDigest(digest.substring("sha256:".length()));
  }

  public static OciDigest of(byte[] content) {
    return fromRaw(sha256().digest(content));
  }

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
    return "sha256:" + hex;
  }
}
