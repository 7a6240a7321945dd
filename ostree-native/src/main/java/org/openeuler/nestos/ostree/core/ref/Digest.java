package org.openeuler.nestos.ostree.core.ref;

import java.util.Map;

/**
 * A content digest {@code <algorithm>:<hex>} as the OCI image spec defines it. Only the registered algorithms are
 * accepted ({@code sha256}: 64, {@code sha512}: 128 lowercase hex characters).
 */
public record Digest(String algorithm, String hex) {

  private static final Map<String, Integer> HEX_LENGTHS = Map.of("sha256", 64, "sha512", 128);

  public Digest {
    String error = problem(algorithm, hex);
    if (error != null) {
      throw new IllegalArgumentException(error);
    }
  }

  /** Parses {@code text}; errors name the position of the problem relative to {@code offset} in {@code input}. */
  static Digest parse(String input, String text, int offset) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new ReferenceFormatException(input, offset, "invalid digest", "expected <algorithm>:<hex>, got \"" + text + "\"");
    }
    String algorithm = text.substring(0, colon);
    String hex = text.substring(colon + 1);
    Integer length = HEX_LENGTHS.get(algorithm);
    if (length == null) {
      throw new ReferenceFormatException(input, offset, "invalid digest",
          "unsupported algorithm \"" + algorithm + "\" (expected sha256 or sha512)");
    }
    int hexStart = offset + colon + 1;
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (!isLowerHex(c)) {
        throw new ReferenceFormatException(input, hexStart + i, "invalid digest",
            "expected a lowercase hex character, got '" + c + "'");
      }
    }
    if (hex.length() != length) {
      throw new ReferenceFormatException(input, hexStart, "invalid digest",
          "expected " + length + " hex characters, got " + hex.length());
    }
    return new Digest(algorithm, hex);
  }

  /** Parses a bare digest such as {@code sha256:...}. */
  public static Digest parse(String text) {
    return parse(text, text, 0);
  }

  private static String problem(String algorithm, String hex) {
    Integer length = algorithm == null ? null : HEX_LENGTHS.get(algorithm);
    if (length == null) {
      return "unsupported digest algorithm: " + algorithm;
    }
    if (hex == null || hex.length() != length || !hex.chars().allMatch(c -> isLowerHex((char) c))) {
      return "a " + algorithm + " digest needs " + length + " lowercase hex characters: " + hex;
    }
    return null;
  }

  private static boolean isLowerHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
