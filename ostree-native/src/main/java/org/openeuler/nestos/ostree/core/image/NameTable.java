package org.openeuler.nestos.ostree.core.image;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The entry names one layer has shown so far, with a few flag bits each, in 9 bytes per slot
 * instead of a string per name: a name is kept as the first 64 bits of SHA-256 over a random
 * per-table key and the name (open addressing, load at most 0.8). The key is secret, so a layer
 * cannot be crafted to collide; an accidental collision among 250,000 names has a probability below
 * 10^-8. Grows by doubling; {@link #capacityFor} bounds it for a given entry count.
 */
final class NameTable {

  static final int SEEN = 1;
  static final int SYMLINK = 2;
  static final int OBJECT = 4;

  private static final int KEY_BYTES = 16;

  private final MessageDigest keyed;
  private long[] keys = new long[1024];
  private byte[] flags = new byte[1024];
  private int size;

  NameTable() {
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    keyed = OciDigest.sha256();
    keyed.update(key);
  }

  /** The slots a table of {@code entries} names grows to. */
  static int capacityFor(int entries) {
    int c = 1024;
    while (entries > c * 4L / 5) {
      c <<= 1;
    }
    return c;
  }

  int size() {
    return size;
  }

  /** The flags of {@code name}, 0 when never added. */
  int get(String name) {
    long h = hash(name);
    int mask = keys.length - 1;
    for (int i = index(h, mask); flags[i] != 0; i = (i + 1) & mask) {
      if (keys[i] == h) {
        return flags[i];
      }
    }
    return 0;
  }

  /** Adds {@code bits} to the flags of {@code name}. */
  void add(String name, int bits) {
    long h = hash(name);
    int mask = keys.length - 1;
    int i = index(h, mask);
    for (; flags[i] != 0; i = (i + 1) & mask) {
      if (keys[i] == h) {
        flags[i] |= (byte) bits;
        return;
      }
    }
    keys[i] = h;
    flags[i] = (byte) bits;
    if (++size > keys.length * 4L / 5) {
      grow();
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    byte[] oldFlags = flags;
    keys = new long[oldKeys.length * 2];
    flags = new byte[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldFlags[j] != 0) {
        int i = index(oldKeys[j], mask);
        while (flags[i] != 0) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        flags[i] = oldFlags[j];
      }
    }
  }

  private static int index(long h, int mask) {
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private long hash(String name) {
    MessageDigest d;
    try {
      d = (MessageDigest) keyed.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 cannot be cloned", e);
    }
    byte[] h = d.digest(name.getBytes(StandardCharsets.UTF_8));
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (h[i] & 0xff);
    }
    return v;
  }
}
