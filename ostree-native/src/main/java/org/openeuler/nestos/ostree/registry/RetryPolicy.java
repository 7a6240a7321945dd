package org.openeuler.nestos.ostree.registry;

import java.time.Duration;

/**
 * Retries on 429, 5xx and connection errors: at most {@code maxAttempts} tries in all, exponential
 * backoff from {@code initialDelay} doubling up to {@code maxDelay}; a {@code Retry-After} is
 * honoured up to {@code maxRetryAfter}. 4xx other than 429 are never retried.
 */
public record RetryPolicy(
    int maxAttempts, Duration initialDelay, Duration maxDelay, Duration maxRetryAfter) {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(2));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1");
    }
  }

  /** One attempt, no retries. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
  }

  /**
   * How long to wait before try {@code attempt + 1}, after try {@code attempt} (1-based) failed.
   */
  public Duration delayAfter(int attempt, Duration retryAfter) {
    if (retryAfter != null) {
      return retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
    }
    long millis = initialDelay.toMillis() << Math.min(attempt - 1, 20);
    return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
  }
}
