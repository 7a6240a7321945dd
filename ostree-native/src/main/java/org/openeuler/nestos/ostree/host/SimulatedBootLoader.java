package org.openeuler.nestos.ostree.host;

import java.util.LinkedHashMap;
import java.util.Map;
import org.openeuler.nestos.ostree.core.boot.BootCounting;
import org.openeuler.nestos.ostree.core.boot.GrubBootCounting;

/**
 * A boot loader kept in memory for simulated hosts (the cluster simulator, the daemon's update
 * tests): its environment block, edited through {@link BootCounter} as the daemon edits GRUB's, and
 * {@link #boot()}, which picks the menu entry by GRUB's counting rules ({@link GrubBootCounting};
 * docs/boot-counting.md), or, for a host whose GRUB does not count (no counting snippet in its
 * grub.cfg, no {@code increment} module, a {@code /boot} GRUB cannot write), always the default
 * entry with the block left as it was. Thread-safe.
 */
public final class SimulatedBootLoader implements BootCounter {

  private final Map<String, String> env = new LinkedHashMap<>();
  private final boolean counts;

  /** A boot loader whose GRUB counts boots. */
  public SimulatedBootLoader() {
    this(true);
  }

  /**
   * @param counts whether GRUB counts boots on this host ({@code false}: the block is never changed
   *     at boot and the default entry always booted)
   */
  public SimulatedBootLoader(boolean counts) {
    this.counts = counts;
  }

  /** One boot: GRUB's rules on the block; the menu entry booted (0 default, 1 previous). */
  public synchronized int boot() {
    if (!counts) {
      return 0;
    }
    GrubBootCounting.Boot b = GrubBootCounting.boot(env);
    env.clear();
    env.putAll(b.envAfter());
    return b.entry();
  }

  /**
   * Whether GRUB counts and a counter is armed (a boot that hangs is then retried until GRUB falls
   * back).
   */
  public synchronized boolean counting() {
    return counts && env.containsKey(GrubBootCounting.COUNTER);
  }

  @Override
  public synchronized Map<String, String> read() {
    return Map.copyOf(env);
  }

  @Override
  public synchronized void arm(int attempts) {
    env.putAll(BootCounting.armed(attempts));
  }

  @Override
  public synchronized void markSuccess() {
    env.remove(GrubBootCounting.COUNTER);
    env.put(GrubBootCounting.SUCCESS, "1");
  }

  @Override
  public synchronized void disarm() {
    env.remove(GrubBootCounting.COUNTER);
  }
}
