package org.openeuler.nestos.ostree.host;

import java.util.LinkedHashMap;
import java.util.Map;
import org.openeuler.nestos.ostree.core.boot.BootCounting;
import org.openeuler.nestos.ostree.core.boot.GrubBootCounting;

/**
 * A boot loader kept in memory for simulated hosts (the cluster simulator, the daemon's update
 * tests): its environment block, edited through {@link BootCounter} as the daemon edits GRUB's, and
 * {@link #boot()}, which picks the menu entry by GRUB's counting rules ({@link GrubBootCounting};
 * docs/boot-counting.md). Thread-safe.
 */
public final class SimulatedBootLoader implements BootCounter {

  private final Map<String, String> env = new LinkedHashMap<>();

  /** One boot: GRUB's rules on the block; the menu entry booted (0 default, 1 previous). */
  public synchronized int boot() {
    GrubBootCounting.Boot b = GrubBootCounting.boot(env);
    env.clear();
    env.putAll(b.envAfter());
    return b.entry();
  }

  /** Whether a counter is armed (a boot that hangs is then retried until GRUB falls back). */
  public synchronized boolean counting() {
    return env.containsKey(GrubBootCounting.COUNTER);
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
