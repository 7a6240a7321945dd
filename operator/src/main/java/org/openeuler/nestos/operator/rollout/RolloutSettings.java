package org.openeuler.nestos.operator.rollout;

import java.time.Duration;

/**
 * Operator-level knobs of the rollout reconciler.
 *
 * @param statusInterval at most one OSVersion status write per object per interval (coalescing)
 * @param resync re-plan at least this often while a rollout is active (expectation timeouts, health
 *     deadlines, maintenance windows opening)
 * @param drainBackoff first backoff after a DrainBlocked timeout (doubles per attempt, capped at
 *     16x)
 * @param imageRetry re-check an unavailable image after this long
 * @param globalMaxDisruptions cap of nodes disrupted at once across all OSVersions ({@link
 *     Integer#MAX_VALUE}: none)
 * @param drainThreads cap of drains running at once (the planner's budget bounds them below that;
 *     idle drain threads end)
 * @param writeThreads cap of a pass's independent writes (uncordons, grants and their events) in
 *     flight at once
 */
public record RolloutSettings(
    Duration statusInterval,
    Duration resync,
    Duration drainBackoff,
    Duration imageRetry,
    int globalMaxDisruptions,
    int drainThreads,
    int writeThreads) {

  public static final int DEFAULT_DRAIN_THREADS = 32;
  public static final int DEFAULT_WRITE_THREADS = 16;

  /** Settings with the default {@code writeThreads}. */
  public RolloutSettings(
      Duration statusInterval,
      Duration resync,
      Duration drainBackoff,
      Duration imageRetry,
      int globalMaxDisruptions,
      int drainThreads) {
    this(
        statusInterval,
        resync,
        drainBackoff,
        imageRetry,
        globalMaxDisruptions,
        drainThreads,
        DEFAULT_WRITE_THREADS);
  }

  public static RolloutSettings defaults() {
    return new RolloutSettings(
        Duration.ofSeconds(2),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofSeconds(30),
        Integer.MAX_VALUE,
        DEFAULT_DRAIN_THREADS,
        DEFAULT_WRITE_THREADS);
  }

  public RolloutSettings withStatusInterval(Duration d) {
    return new RolloutSettings(
        d, resync, drainBackoff, imageRetry, globalMaxDisruptions, drainThreads, writeThreads);
  }

  public RolloutSettings withResync(Duration d) {
    return new RolloutSettings(
        statusInterval,
        d,
        drainBackoff,
        imageRetry,
        globalMaxDisruptions,
        drainThreads,
        writeThreads);
  }

  public RolloutSettings withDrainThreads(int n) {
    return new RolloutSettings(
        statusInterval, resync, drainBackoff, imageRetry, globalMaxDisruptions, n, writeThreads);
  }

  public RolloutSettings withWriteThreads(int n) {
    return new RolloutSettings(
        statusInterval, resync, drainBackoff, imageRetry, globalMaxDisruptions, drainThreads, n);
  }

  /** With a cap of {@code n} nodes disrupted at once across all OSVersions. */
  public RolloutSettings withGlobalMaxDisruptions(int n) {
    return new RolloutSettings(
        statusInterval, resync, drainBackoff, imageRetry, n, drainThreads, writeThreads);
  }
}
