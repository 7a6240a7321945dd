package org.openeuler.nestos.ostree.core.boot;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What GRUB does with the boot-counting variables of its environment block at each boot, as
 * Fedora's GRUB scripts {@code 08_fallback_counting} and {@code 10_reset_boot_success} (the ones
 * greenboot relies on) define it (docs/boot-counting.md). Pure: the environment before the boot in,
 * the menu entry booted and the environment GRUB saves out. The daemon never runs this on a host
 * (GRUB does); the simulator boots its nodes with it and the tests state the semantics with it.
 *
 * <ol>
 *   <li>Counting is active only when {@code boot_counter} is set and {@code boot_success} is
 *       exactly {@code "0"}.
 *   <li>Active with {@code boot_counter} {@code "0"} or {@code "-1"}: the fallback, entry 1 (the
 *       rollback deployment on ostree), and {@code boot_counter=-1}, sticky until userspace acts.
 *   <li>Active otherwise: {@code boot_counter} decremented (a value that is not a number stays as
 *       it is; below -1 it keeps going down and never falls back).
 *   <li>Every boot then sets {@code boot_success=0}: only a passing health check sets it to 1.
 * </ol>
 */
public final class GrubBootCounting {

  /** The environment variable GRUB decrements. */
  public static final String COUNTER = "boot_counter";

  /** The environment variable userspace sets to 1 when a boot was good; GRUB resets it to 0. */
  public static final String SUCCESS = "boot_success";

  /** The menu entry of the default (newest) ostree deployment. */
  public static final int DEFAULT_ENTRY = 0;

  /** The menu entry of the rollback (previous) ostree deployment. */
  public static final int FALLBACK_ENTRY = 1;

  private GrubBootCounting() {}

  /** One boot: the menu entry GRUB boots and its environment block afterwards. */
  public record Boot(int entry, Map<String, String> envAfter) {
    public Boot {
      envAfter = Map.copyOf(envAfter);
    }
  }

  /** What GRUB boots with {@code env} as its environment block, and what it saves. */
  public static Boot boot(Map<String, String> env) {
    Map<String, String> after = new LinkedHashMap<>(env);
    int entry = DEFAULT_ENTRY;
    String counter = env.get(COUNTER);
    if (counter != null && !counter.isEmpty() && "0".equals(env.get(SUCCESS))) {
      if (counter.equals("0") || counter.equals("-1")) {
        entry = FALLBACK_ENTRY;
        after.put(COUNTER, "-1");
      } else {
        after.put(COUNTER, decrement(counter));
      }
    }
    after.put(SUCCESS, "0");
    return new Boot(entry, after);
  }

  /** GRUB's {@code decrement}: strtol, minus one; a value that is not a number is left as is. */
  private static String decrement(String value) {
    try {
      return Long.toString(Long.parseLong(value.strip()) - 1);
    } catch (NumberFormatException e) {
      return value;
    }
  }
}
