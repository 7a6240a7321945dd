package org.openeuler.nestos.daemon.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The service account token of a projected volume, which the kubelet rotates (every hour by
 * default, the old token staying valid for a while): read again once {@link #MAX_AGE} old, and at
 * once after the API server answered 401 ({@link #refresh()}).
 */
public final class BearerToken {

  static final Duration MAX_AGE = Duration.ofMinutes(1);

  private final Path file;
  private final Clock clock;
  private String token;
  private Instant readAt;

  public BearerToken(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  /** The current token (re-read when older than a minute). */
  public synchronized String get() {
    Instant now = clock.instant();
    if (token == null || !now.isBefore(readAt.plus(MAX_AGE))) {
      token = read();
      readAt = now;
    }
    return token;
  }

  /** Forgets the token read, so the next {@link #get()} reads the file again. */
  public synchronized void refresh() {
    token = null;
  }

  private String read() {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("service account token " + file + " unreadable", e);
    }
  }
}
