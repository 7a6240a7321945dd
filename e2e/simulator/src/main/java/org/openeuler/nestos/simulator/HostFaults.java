package org.openeuler.nestos.simulator;

import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.openeuler.nestos.ostree.testing.InMemoryOsHost;

/**
 * Faults a chaos run (docs/chaos.md) sets on a {@link InMemoryOsHost} (through its node): the
 * daemon killed at one of its host actions (before it or right after it, so the action is done but
 * not recorded), and image pulls that fail (a registry that refuses, a blob whose digest does not
 * match). Each kill fires once.
 */
public final class HostFaults implements InMemoryOsHost.Faults {

  /**
   * Ends the daemon inside a host action, as a SIGKILL would: the update loop dies and the node
   * restarts the daemon, as the DaemonSet does.
   */
  public static final class DaemonKilled extends Error {
    DaemonKilled(String where) {
      super("daemon killed " + where + " (chaos)", null, false, false);
    }
  }

  /** The host actions a kill can be set on. */
  public static final java.util.List<String> ACTIONS =
      java.util.List.of(
          "stage", "finalizeAndReboot", "rollback", "pin", "cleanup", "makeBootedDefault");

  private final Map<String, Boolean> killAt = new HashMap<>();
  private int failingPulls;
  private String pullFailure = "";
  private String alwaysFailing;
  private int killsFired;
  private int pullsFailed;

  /**
   * Kills the daemon the next time it runs {@code action} ({@link #ACTIONS}), before or right after
   * it ({@code finalizeAndReboot} and {@code rollback}: before only, a reboot follows them).
   */
  public synchronized void killDaemonAt(String action, boolean afterIt) {
    if (!ACTIONS.contains(action)) {
      throw new IllegalArgumentException("no host action " + action + "; one of " + ACTIONS);
    }
    killAt.put(action, afterIt);
  }

  /** The next {@code count} pulls fail with {@code why} (added to any already set). */
  public synchronized void failPulls(int count, String why) {
    failingPulls += count;
    pullFailure = why;
  }

  /** Every pull fails with {@code why} from now on. */
  public synchronized void failAllPulls(String why) {
    alwaysFailing = why;
  }

  /** Kills that fired so far. */
  public synchronized int killsFired() {
    return killsFired;
  }

  /** Pulls that failed so far. */
  public synchronized int pullsFailed() {
    return pullsFailed;
  }

  @Override
  public synchronized void before(String action) {
    Boolean after = killAt.get(action);
    if (after != null && !after) {
      killAt.remove(action);
      killsFired++;
      throw new DaemonKilled("before " + action);
    }
  }

  @Override
  public synchronized void after(String action) {
    Boolean after = killAt.get(action);
    if (after != null && after) {
      killAt.remove(action);
      killsFired++;
      throw new DaemonKilled("after " + action);
    }
  }

  @Override
  public synchronized void pull(String image) {
    String why = alwaysFailing;
    if (why == null && failingPulls > 0) {
      failingPulls--;
      why = pullFailure;
    }
    if (why != null) {
      pullsFailed++;
      throw new UncheckedIOException(
          "cannot pull " + image + ": " + why, new java.io.IOException(why));
    }
  }
}
