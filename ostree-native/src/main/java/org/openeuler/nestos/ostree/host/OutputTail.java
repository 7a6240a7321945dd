package org.openeuler.nestos.ostree.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains a stream on its own thread, keeping only the last {@code limit} bytes (a chatty process
 * never blocks).
 */
final class OutputTail {

  private final byte[] ring;
  private long total;
  private final Thread reader;

  OutputTail(InputStream in, int limit, String name) {
    this.ring = new byte[limit];
    this.reader = new Thread(() -> drain(in), name);
    reader.setDaemon(true);
    reader.start();
  }

  private void drain(InputStream in) {
    byte[] buffer = new byte[8192];
    try (in) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        append(buffer, n);
      }
    } catch (IOException e) {
      // the process went away; keep what we have
    }
  }

  private synchronized void append(byte[] buffer, int n) {
    for (int i = 0; i < n; i++) {
      ring[(int) (total++ % ring.length)] = buffer[i];
    }
  }

  /** Waits up to {@code millis} for end of stream, then returns the kept tail as UTF-8. */
  String await(long millis) throws InterruptedException {
    reader.join(millis);
    return text();
  }

  synchronized String text() {
    int kept = (int) Math.min(total, ring.length);
    byte[] out = new byte[kept];
    long start = total - kept;
    for (int i = 0; i < kept; i++) {
      out[i] = ring[(int) ((start + i) % ring.length)];
    }
    String text = new String(out, StandardCharsets.UTF_8);
    return total > ring.length ? "[... " + (total - kept) + " bytes dropped ...]\n" + text : text;
  }
}
