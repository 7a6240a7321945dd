package org.openeuler.nestos.operator.rollout;

import java.time.Duration;

/**
 * Operator-level knobs of the rollout reconciler.
 *
 * @param statusInterval at most one OSVersion status write per object per interval (coalescing)
 * @param resync re-plan at least this often while a rollout is active (expectation timeouts, health deadlines,
 *     maintenance windows opening)
 * @param drainBackoff first backoff after a DrainBlocked timeout (doubles per attempt, capped at 16x)
 * @param imageRetry re-check an unavailable image after this long
 * @param globalMaxDisruptions cap of nodes disrupted at once across all OSVersions ({@link Integer#MAX_VALUE}: none)
 * @param drainThreads drains running at once
 */
public record RolloutSettings(Duration statusInterval, Duration resync, Duration drainBackoff, Duration imageRetry,
    int globalMaxDisruptions, int drainThreads) {

  public static RolloutSettings defaults() {
    return new RolloutSettings(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(1),
        Duration.ofSeconds(30), Integer.MAX_VALUE, 4);
  }

  public RolloutSettings withStatusInterval(Duration d) {
    return new RolloutSettings(d, resync, drainBackoff, imageRetry, globalMaxDisruptions, drainThreads);
  }

  public RolloutSettings withResync(Duration d) {
    return new RolloutSettings(statusInterval, d, drainBackoff, imageRetry, globalMaxDisruptions, drainThreads);
  }

  public RolloutSettings withDrainThreads(int n) {
    return new RolloutSettings(statusInterval, resync, drainBackoff, imageRetry, globalMaxDisruptions, n);
  }
}
