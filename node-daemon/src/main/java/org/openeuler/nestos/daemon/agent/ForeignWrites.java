package org.openeuler.nestos.daemon.agent;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.openeuler.nestos.daemon.host.DirectoryWatch;
import org.openeuler.nestos.rubik.core.plan.CgroupWrite;

/**
 * Writes to the cgroup files the live loop manages, as the kernel reports them ({@link
 * DirectoryWatch}, inotify): the directories of the writes in effect are watched, a file someone
 * else wrote names the pod to check again at once, and the daemon's own writes are told apart
 * (docs/ rubik-colocation.md, "Drift"). Live thread only.
 */
final class ForeignWrites {

  /**
   * How long an event for a file the daemon wrote is taken for that write (the kernel reports it a
   * moment later, through the watch's thread and the live queue).
   */
  static final Duration OWN_WRITE_WINDOW = Duration.ofSeconds(2);

  /**
   * The least time between two re-checks of one pod for foreign writes: another agent that keeps
   * writing a value back is fought no faster than this (docs/troubleshooting.md, "Drift").
   */
  static final Duration RECHECK_MIN_INTERVAL = Duration.ofSeconds(10);

  private final DirectoryWatch watch;
  // pod -> when it was last re-checked, or when its delayed re-check is due (in the future)
  private final Map<String, Long> rechecked = new HashMap<>();
  private Map<String, String> podOfDirectory = Map.of();
  private final Map<String, Long> ownWrites = new HashMap<>();
  private boolean complete;

  ForeignWrites(DirectoryWatch watch) {
    this.watch = watch;
  }

  /**
   * After a cgroup pass: watches exactly the directories of the writes in effect and remembers the
   * files the pass wrote.
   */
  void track(Collection<CgroupWrite> inEffect, Collection<CgroupWrite> written, long nowNanos) {
    if (!watch.active()) {
      return;
    }
    Map<String, String> pods = new HashMap<>();
    for (CgroupWrite w : inEffect) {
      pods.put(directory(w.file()), w.podUid());
    }
    Set<String> watched = watch.directories();
    boolean all = true;
    for (String d : pods.keySet()) {
      if (!watched.contains(d)) {
        all &= watch.add(d);
      }
    }
    for (String d : watched) {
      if (!pods.containsKey(d)) {
        watch.remove(d);
      }
    }
    podOfDirectory = pods;
    complete = all;
    rechecked.keySet().retainAll(pods.values());
    for (Iterator<Long> it = ownWrites.values().iterator(); it.hasNext(); ) {
      if (nowNanos - it.next() > OWN_WRITE_WINDOW.toNanos()) {
        it.remove();
      }
    }
    for (CgroupWrite w : written) {
      ownWrites.put(w.file(), nowNanos);
    }
  }

  /**
   * The pod (cgroup id) whose managed cgroup {@code file} someone else wrote; null for the daemon's
   * own write or a file it does not manage.
   */
  String podOf(String file, long nowNanos) {
    Long own = ownWrites.remove(file);
    if (own != null && nowNanos - own <= OWN_WRITE_WINDOW.toNanos()) {
      return null;
    }
    return podOfDirectory.get(directory(file));
  }

  /**
   * When to re-check {@code pod} after a foreign write: 0 now, a delay in nanoseconds (the last
   * re-check was less than {@link #RECHECK_MIN_INTERVAL} ago), or -1 when a delayed one is already
   * due.
   */
  long recheckDelay(String pod, long nowNanos) {
    Long last = rechecked.get(pod);
    if (last == null || nowNanos - last >= RECHECK_MIN_INTERVAL.toNanos()) {
      rechecked.put(pod, nowNanos);
      return 0;
    }
    if (last > nowNanos) {
      return -1;
    }
    long due = last + RECHECK_MIN_INTERVAL.toNanos();
    rechecked.put(pod, due);
    return due - nowNanos;
  }

  /**
   * Whether every managed cgroup directory is watched: a write is then seen as it happens, and the
   * periodic pass need not read every cgroup file.
   */
  boolean complete() {
    return watch.active() && complete;
  }

  private static String directory(String file) {
    int slash = file.lastIndexOf('/');
    return slash <= 0 ? "/" : file.substring(0, slash);
  }
}
