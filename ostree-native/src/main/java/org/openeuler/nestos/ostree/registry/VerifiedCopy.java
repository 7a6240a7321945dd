package org.openeuler.nestos.ostree.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.openeuler.nestos.ostree.core.image.Descriptor;
import org.openeuler.nestos.ostree.core.image.DigestMismatchException;
import org.openeuler.nestos.ostree.core.image.DigestingInputStream;
import org.openeuler.nestos.ostree.core.image.OciDigest;

/** Copies a stream in constant memory while checking it against a descriptor's size and sha256. */
final class VerifiedCopy {

  private static final int BUFFER = 64 * 1024;

  private VerifiedCopy() {}

  /**
   * Copies {@code in} to {@code out}; stops with {@link SizeMismatchException} as soon as more than
   * {@code expected.size()} bytes arrive, and checks the length and digest at the end ({@link
   * DigestMismatchException}).
   */
  static void copy(InputStream in, OutputStream out, Descriptor expected, String what)
      throws IOException {
    DigestingInputStream hashed = new DigestingInputStream(in);
    byte[] buf = new byte[BUFFER];
    int n;
    while ((n = hashed.read(buf, 0, buf.length)) >= 0) {
      if (hashed.count() > expected.size()) {
        throw new SizeMismatchException(what, expected.size(), hashed.count());
      }
      out.write(buf, 0, n);
    }
    if (hashed.count() != expected.size()) {
      throw new SizeMismatchException(what, expected.size(), hashed.count());
    }
    OciDigest actual = hashed.digest();
    if (!actual.equals(expected.digest())) {
      throw new DigestMismatchException(what, expected.digest(), actual);
    }
  }
}
