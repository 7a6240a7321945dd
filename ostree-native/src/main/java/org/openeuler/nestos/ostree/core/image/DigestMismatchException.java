package org.openeuler.nestos.ostree.core.image;

/** Content read from a registry or layout did not hash to the digest it was fetched by. */
public final class DigestMismatchException extends RuntimeException {

  private final OciDigest expected;
  private final OciDigest actual;

  public DigestMismatchException(String what, OciDigest expected, OciDigest actual) {
    super("digest mismatch for " + what + ": expected " + expected + ", got " + actual);
    this.expected = expected;
    this.actual = actual;
  }

  public OciDigest expected() {
    return expected;
  }

  public OciDigest actual() {
    return actual;
  }
}
