package org.openeuler.nestos.ostree.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A real {@code gpg --armor --export} of a throwaway ed25519 test key (no secret part anywhere),
 * for pure tests.
 */
public final class TestKeys {

  public static final String PUBLIC_KEY = read("/gpg/test-public-key.asc");

  private TestKeys() {}

  static String read(String resource) {
    try (InputStream in = TestKeys.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
