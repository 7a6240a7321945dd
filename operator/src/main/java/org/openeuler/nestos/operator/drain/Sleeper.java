package org.openeuler.nestos.operator.drain;

import java.time.Duration;

/** Waits between eviction retries; tests advance a fake clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

  void sleep(Duration duration) throws InterruptedException;

  Sleeper REAL = duration -> Thread.sleep(duration.toMillis());
}
