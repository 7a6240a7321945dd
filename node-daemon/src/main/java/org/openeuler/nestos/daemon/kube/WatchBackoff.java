package org.openeuler.nestos.daemon.kube;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long a watch waits before trying again after its {@code failures}-th failure in a row:
 * doubling from {@code initial} up to {@code max}, each delay drawn in [50%, 100%] of that so the
 * daemons of a fleet do not reconnect in step after an API server restart.
 */
public record WatchBackoff(Duration initial, Duration max, DoubleSupplier random) {

  /** 0.5 s, 1 s, 2 s, ... up to 30 s. */
  public static WatchBackoff standard() {
    return new WatchBackoff(Duration.ofMillis(500), Duration.ofSeconds(30), Math::random);
  }

  /** The delay after {@code failures} failures in a row (1 for the first). */
  public Duration delay(int failures) {
    long ceiling = max.toMillis();
    long base = initial.toMillis();
    for (int i = 1; i < failures && base < ceiling; i++) {
      base *= 2;
    }
    base = Math.min(base, ceiling);
    double r = Math.min(1.0, Math.max(0.0, random.getAsDouble()));
    return Duration.ofMillis(Math.round(base * (0.5 + 0.5 * r)));
  }
}
