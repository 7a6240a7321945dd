package org.openeuler.nestos.operator.ops;

import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Fixed histogram buckets ({@code le} bounds) of the operator's timers: explicit bounds instead of
 * Micrometer's percentile histogram (~70 buckets per timer) or client-side percentiles (which do
 * not aggregate across instances).
 */
final class Buckets {

  /** Planner passes and reconciles: 1 ms .. 2.5 s. */
  static final Duration[] FAST = {
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500)
  };

  /** Drains: 1 s .. 1 h. */
  static final Duration[] SLOW = {
    Duration.ofSeconds(1),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(2),
    Duration.ofMinutes(5),
    Duration.ofMinutes(10),
    Duration.ofMinutes(30),
    Duration.ofHours(1)
  };

  /** Whole rollouts: 1 min .. 3 days. */
  static final Duration[] ROLLOUT = {
    Duration.ofMinutes(1),
    Duration.ofMinutes(5),
    Duration.ofMinutes(15),
    Duration.ofMinutes(30),
    Duration.ofHours(1),
    Duration.ofHours(2),
    Duration.ofHours(6),
    Duration.ofHours(12),
    Duration.ofDays(1),
    Duration.ofDays(3)
  };

  private Buckets() {}

  /** {@code builder} as a Prometheus histogram with exactly {@code bounds} (plus {@code +Inf}). */
  static Timer.Builder histogram(Timer.Builder builder, Duration[] bounds) {
    return builder.publishPercentileHistogram(false).serviceLevelObjectives(bounds);
  }
}
