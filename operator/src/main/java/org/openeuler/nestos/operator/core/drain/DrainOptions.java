package org.openeuler.nestos.operator.core.drain;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An OSVersion's {@code spec.rollout.drain}, resolved: defaults applied and the blocking selector
 * compiled.
 *
 * @param timeout how long evictions are retried (429 from a PodDisruptionBudget) before the drain
 *     gives up
 * @param gracePeriodSeconds passed to evictions; null keeps each pod's own
 * @param blockingPods pods matching it block the drain (never evicted)
 */
public record DrainOptions(
    Duration timeout,
    Integer gracePeriodSeconds,
    boolean deleteUnmanagedPods,
    boolean deleteEmptyDirData,
    boolean disableEvictionAfterTimeout,
    Predicate<Map<String, String>> blockingPods) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(600);

  public static DrainOptions defaults() {
    return new DrainOptions(DEFAULT_TIMEOUT, null, false, false, false, labels -> false);
  }
}
