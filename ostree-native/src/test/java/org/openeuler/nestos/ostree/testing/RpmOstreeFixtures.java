package org.openeuler.nestos.ostree.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code rpm-ostree status --json} fixtures from {@code src/test/resources/rpm-ostree/} (sources
 * cited in the README there: coreos/zincati tests/fixtures).
 */
public final class RpmOstreeFixtures {

  public static final String STAGED_LOCKED_CLASSIC = "staged-locked-classic.json";
  public static final String CONTAINER_BOOTED = "container-booted.json";
  public static final String CONTAINER_BOOTED_ZINCATI = "container-booted-zincati.json";
  public static final String CONTAINER_STAGED_PINNED_ROLLBACK =
      "container-staged-pinned-rollback.json";
  public static final String LAYERED_UNKNOWN_FIELDS = "layered-unknown-fields.json";

  private RpmOstreeFixtures() {}

  public static String read(String name) {
    try (InputStream in = RpmOstreeFixtures.class.getResourceAsStream("/rpm-ostree/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
