package org.openeuler.nestos.ostree.registry;

/** Content whose length is not the size its descriptor states (checked while streaming). */
public class SizeMismatchException extends RegistryException {

  private final long expected;
  private final long actual;

  public SizeMismatchException(String what, long expected, long actual) {
    super(
        what
            + ": size mismatch, descriptor says "
            + expected
            + " bytes, got "
            + (actual > expected ? "more than that" : actual),
        0,
        null);
    this.expected = expected;
    this.actual = actual;
  }

  public long expected() {
    return expected;
  }

  /**
   * The bytes received (at least expected + 1 when the content was too long: reading stops there).
   */
  public long actual() {
    return actual;
  }
}
