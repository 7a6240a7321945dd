package org.openeuler.nestos.operator.rollout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Real time plus an adjustable offset: time flows (coalescing works) and tests jump it (windows,
 * timeouts).
 */
final class MutableClock extends Clock {
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  void advance(Duration d) {
    offset.updateAndGet(o -> o.plus(d));
  }

  /** Jumps so that now is {@code at}. */
  void set(Instant at) {
    offset.set(Duration.between(Instant.now(), at));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset.get());
  }
}
