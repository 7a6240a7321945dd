package org.openeuler.nestos.ostree.registry;

/** Content whose sha256 is not the digest it was asked for (or the registry claimed). */
public class DigestMismatchException extends RegistryException {

  private final String expected;
  private final String actual;

  public DigestMismatchException(String what, String expected, String actual) {
    super(what + ": digest mismatch, expected " + expected + " but content is " + actual, 0, null);
    this.expected = expected;
    this.actual = actual;
  }

  public String expected() {
    return expected;
  }

  public String actual() {
    return actual;
  }
}
