package org.openeuler.nestos.ostree.core.image;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes (SHA-256) and counts what is read through it, in constant memory; {@link #digest} once at
 * the end.
 */
public final class DigestingInputStream extends FilterInputStream {

  private final MessageDigest sha256 = OciDigest.sha256();
  private long count;

  public DigestingInputStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      sha256.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = in.read(buf, off, len);
    if (n > 0) {
      sha256.update(buf, off, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    return read(new byte[(int) Math.min(n, 8192)]);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** The bytes read so far. */
  public long count() {
    return count;
  }

  /** The digest of what was read; finishes the hash, so call it once. */
  public OciDigest digest() {
    return OciDigest.fromRaw(sha256.digest());
  }

  /**
   * Reads to the end, then checks the digest (and the size when {@code size >= 0}).
   *
   * @throws DigestMismatchException when either differs
   */
  public void drainAndVerify(String what, OciDigest expected, long size) throws IOException {
    byte[] buf = new byte[8192];
    while (read(buf, 0, buf.length) >= 0) {
      // drain: the digest covers every byte
    }
    OciDigest actual = digest();
    if (!actual.equals(expected)) {
      throw new DigestMismatchException(what, expected, actual);
    }
    if (size >= 0 && count != size) {
      throw new DigestMismatchException(
          what + " (size " + count + ", manifest says " + size + ")", expected, actual);
    }
  }
}
