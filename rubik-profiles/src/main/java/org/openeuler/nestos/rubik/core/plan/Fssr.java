package org.openeuler.nestos.rubik.core.plan;

import java.time.Duration;
import java.time.Instant;

/**
 * Native {@code features.dynMemory}: rubik's "fast suppression, slow recovery" ({@code fssr})
 * policy for the {@code memory.high} of offline pods, on upstream kernels (docs/rubik-colocation.md
 * "Dynamic memory and PSI eviction"). Pure: one {@link #step} per sample of the node's memory.
 *
 * <ul>
 *   <li>reserved memory: 10% of the node's memory, at most 10 GiB;
 *   <li>start: offline pods' {@code memory.high} = 80% of the node's memory;
 *   <li>available memory below the reserve: lower it by 10% of the node's memory at once;
 *   <li>available memory above twice the reserve for a whole minute: raise it by 1%, then wait
 *       another minute;
 *   <li>always within [30%, 80%] of the node's memory, rounded down to 4 KiB pages.
 * </ul>
 *
 * <p>rubik reads free memory; this reads {@code MemAvailable} (free plus what the kernel can
 * reclaim at once), so page cache alone never counts as pressure.
 *
 * @param highBytes the limit in effect for each offline pod
 * @param ampleSince when available memory was first seen above twice the reserve without a dip
 *     since; null otherwise
 */
public record Fssr(long highBytes, Instant ampleSince) {

  /** How long memory must stay ample before each 1% step up. */
  public static final Duration RECOVERY_HOLD = Duration.ofMinutes(1);

  static final long MAX_RESERVE = 10L << 30;

  /** The starting state for a node with {@code totalBytes} of memory. */
  public static Fssr start(long totalBytes) {
    return new Fssr(pages(percent(totalBytes, 80)), null);
  }

  /** The next state after reading {@code availableBytes} of {@code totalBytes} at {@code now}. */
  public Fssr step(long totalBytes, long availableBytes, Instant now) {
    long reserve = Math.min(totalBytes / 10, MAX_RESERVE);
    long floor = pages(percent(totalBytes, 30));
    long ceiling = pages(percent(totalBytes, 80));
    long current = Math.max(floor, Math.min(ceiling, highBytes));
    if (availableBytes < reserve) {
      return new Fssr(Math.max(floor, pages(current - percent(totalBytes, 10))), null);
    }
    if (availableBytes <= 2 * reserve) {
      return new Fssr(current, null);
    }
    if (ampleSince == null) {
      return new Fssr(current, now);
    }
    if (Duration.between(ampleSince, now).compareTo(RECOVERY_HOLD) >= 0 && current < ceiling) {
      return new Fssr(Math.min(ceiling, pages(current + percent(totalBytes, 1))), now);
    }
    return new Fssr(current, ampleSince);
  }

  private static long percent(long total, int p) {
    return total / 100 * p;
  }

  private static long pages(long bytes) {
    return Math.max(FeatureWrites.PAGE, bytes / FeatureWrites.PAGE * FeatureWrites.PAGE);
  }
}
