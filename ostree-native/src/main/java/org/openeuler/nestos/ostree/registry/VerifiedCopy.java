package org.openeuler.nestos.ostree.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Copies a stream in constant memory while checking it against a descriptor's size and sha256. */
final class VerifiedCopy {

  private static final int BUFFER = 64 * 1024;

  private VerifiedCopy() {}

  /**
   * Copies {@code in} to {@code out}; stops with {@link SizeMismatchException} as soon as more than
   * {@code expected.size()} bytes arrive, and checks the length and digest at the end.
   */
  static void copy(InputStream in, OutputStream out, Descriptor expected, String what) throws IOException {
    MessageDigest sha = Digests.newSha256();
    byte[] buf = new byte[BUFFER];
    long total = 0;
    int n;
    while ((n = in.read(buf)) >= 0) {
      total += n;
      if (total > expected.size()) {
        throw new SizeMismatchException(what, expected.size(), total);
      }
      sha.update(buf, 0, n);
      out.write(buf, 0, n);
    }
    if (total != expected.size()) {
      throw new SizeMismatchException(what, expected.size(), total);
    }
    String actual = Digests.of(sha.digest());
    if (!actual.equals(expected.digest())) {
      throw new DigestMismatchException(what, expected.digest(), actual);
    }
  }
}
