package org.openeuler.nestos.ostree.core.boot;

import java.util.Map;
import java.util.Objects;

/**
 * Where a node's boot counting stands after a boot, read from its GRUB environment block and
 * compared with what the daemon armed (docs/boot-counting.md). Pure.
 */
public final class BootCounting {

  private BootCounting() {}

  /** The classes of {@link #classify}. */
  public enum Outcome {
    /** No counter in the environment block: nothing armed, or already cleared. */
    NOT_ARMED,
    /** A trial boot of the new deployment: the counter went down from what was armed. */
    TRIAL,
    /** GRUB ran out of attempts and booted the rollback deployment ({@code boot_counter=-1}). */
    FALLBACK,
    /**
     * The counter still has the value armed after a reboot: GRUB does not count on this host (no
     * counting snippet in grub.cfg, no {@code increment} module, {@code save_env} impossible on
     * RAID/LVM/LUKS, or a stray {@code boot_success=1}).
     */
    NOT_COUNTING,
    /** A value GRUB would never fall back from (not a number, or below -1). */
    INVALID
  }

  /**
   * The outcome for the environment block {@code env} of a boot after the daemon armed {@code
   * armed} attempts ({@code null}: it armed nothing it remembers).
   */
  public static Outcome classify(Map<String, String> env, Integer armed) {
    String counter = env.get(GrubBootCounting.COUNTER);
    if (counter == null || counter.isEmpty()) {
      return Outcome.NOT_ARMED;
    }
    long value;
    try {
      value = Long.parseLong(counter.strip());
    } catch (NumberFormatException e) {
      return Outcome.INVALID;
    }
    if (value == -1) {
      return Outcome.FALLBACK;
    }
    if (value < -1) {
      return Outcome.INVALID;
    }
    return Objects.equals((long) (armed == null ? -2 : armed), value)
        ? Outcome.NOT_COUNTING
        : Outcome.TRIAL;
  }

  /** The variables the daemon sets when it arms {@code attempts} boots of a new deployment. */
  public static Map<String, String> armed(int attempts) {
    if (attempts < 1 || attempts > 99) {
      throw new IllegalArgumentException("boot attempts must be 1..99, got " + attempts);
    }
    return Map.of(
        GrubBootCounting.COUNTER, Integer.toString(attempts), GrubBootCounting.SUCCESS, "0");
  }
}
