package org.openeuler.nestos.daemon.agent;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.openeuler.nestos.daemon.host.DirectoryWatch;
import org.openeuler.nestos.daemon.host.HostFs;
import org.openeuler.nestos.rubik.core.plan.CgroupWrite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to the cgroup files the live loop manages, as the kernel reports them ({@link
 * DirectoryWatch}, inotify): the directories of the writes in effect are watched, a file someone
 * else wrote names the pod to check again at once, and the daemon's own writes are told apart
 * (docs/rubik-colocation.md, "Drift"). Live thread only.
 */
final class ForeignWrites {

  private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);

  /**
   * How long events for a file the daemon wrote are taken for that write (the kernel reports it at
   * once, often twice: the truncation and the write; the watch's thread hands them over within
   * milliseconds). One handed over later only costs a re-check that finds nothing.
   */
  static final Duration OWN_WRITE_WINDOW = Duration.ofMillis(250);

  /**
   * The least time between two corrections of one pod after foreign writes: another agent that
   * keeps writing a value back is fought no faster than this (docs/troubleshooting.md, "Drift").
   */
  static final Duration CORRECTION_MIN_INTERVAL = Duration.ofSeconds(10);

  private final DirectoryWatch watch;
  // pod -> when it was last corrected after a foreign write; when its delayed re-check is due
  private final Map<String, Long> corrected = new HashMap<>();
  private final Map<String, Long> recheckDue = new HashMap<>();
  private Map<String, String> podOfDirectory = Map.of();
  private final Map<String, Long> ownWrites = new HashMap<>();
  private boolean complete;

  private final ScheduledExecutorService live;
  private final Consumer<String> recheck;

  ForeignWrites(DirectoryWatch watch) {
    this(watch, null, pod -> {});
  }

  private ForeignWrites(
      DirectoryWatch watch, ScheduledExecutorService live, Consumer<String> recheck) {
    this.watch = watch;
    this.live = live;
    this.recheck = recheck;
  }

  /**
   * Watches the managed cgroup files through {@code fs} (none if it cannot: the periodic pass then
   * reads them all); a file someone else wrote is handed to the {@code live} thread, which calls
   * {@code recheck} with its pod (at once, or once the pod's last correction is 10 s old); a lost
   * event calls {@code overflowed}.
   */
  static ForeignWrites start(
      HostFs fs,
      ScheduledExecutorService live,
      Consumer<String> recheck,
      Runnable overflowed,
      BooleanSupplier closed,
      String node) {
    ForeignWrites[] self = new ForeignWrites[1];
    DirectoryWatch watch;
    try {
      watch =
          fs.watch(
              new DirectoryWatch.Listener() {
                @Override
                public void written(String file) {
                  if (!closed.getAsBoolean()) {
                    live.execute(() -> self[0].written(file));
                  }
                }

                @Override
                public void overflowed() {
                  overflowed.run();
                }
              });
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "node={} cannot watch cgroup files, drift is found by reading: {}", node, e.toString());
      watch = DirectoryWatch.NONE;
    }
    self[0] = new ForeignWrites(watch, live, recheck);
    return self[0];
  }

  /**
   * On the live thread: {@code file} was written; its pod is re-checked unless the write was ours.
   */
  private void written(String file) {
    long now = System.nanoTime();
    String pod = podOf(file, now);
    if (pod == null) {
      return;
    }
    long delay = recheckDelay(pod, now);
    if (delay == 0) {
      recheck.accept(pod);
    } else if (delay > 0) {
      live.schedule(() -> recheck.accept(pod), delay, TimeUnit.NANOSECONDS);
    }
  }

  void close() {
    watch.close();
  }

  /**
   * After a cgroup pass: remembers the files the pass wrote and watches their directories; after a
   * pass over every pod ({@code everyPod}), or while a directory could not be watched, watches
   * exactly the directories of the writes in effect (a pod event's pass walks only its own writes;
   * a departed pod's directories are dropped by the next pass over every pod).
   */
  void track(
      Collection<CgroupWrite> inEffect,
      Collection<CgroupWrite> written,
      boolean everyPod,
      long nowNanos) {
    if (!watch.active()) {
      return;
    }
    if (everyPod || !complete) {
      directories(inEffect);
    } else if (!written.isEmpty()) {
      Map<String, String> pods = new HashMap<>(podOfDirectory);
      for (CgroupWrite w : written) {
        String d = directory(w.file());
        if (pods.put(d, w.podUid()) == null) {
          complete &= watch.add(d);
        }
      }
      podOfDirectory = pods;
    }
    for (Iterator<Long> it = ownWrites.values().iterator(); it.hasNext(); ) {
      if (nowNanos - it.next() > OWN_WRITE_WINDOW.toNanos()) {
        it.remove();
      }
    }
    for (CgroupWrite w : written) {
      ownWrites.put(w.file(), nowNanos);
    }
  }

  private void directories(Collection<CgroupWrite> inEffect) {
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
    corrected.keySet().retainAll(pods.values());
    recheckDue.keySet().retainAll(pods.values());
  }

  /**
   * The pod (cgroup id) whose managed cgroup {@code file} someone else wrote; null for the daemon's
   * own write or a file it does not manage.
   */
  String podOf(String file, long nowNanos) {
    Long own = ownWrites.get(file);
    if (own != null && nowNanos - own <= OWN_WRITE_WINDOW.toNanos()) {
      return null;
    }
    return podOfDirectory.get(directory(file));
  }

  /** A pass re-applied these drifted files: their pods' corrections count from now. */
  void corrected(Collection<String> files, long nowNanos) {
    for (String f : files) {
      String pod = podOfDirectory.get(directory(f));
      if (pod != null) {
        corrected.merge(pod, nowNanos, Math::max);
      }
    }
  }

  /**
   * When to re-check {@code pod} after a foreign write: 0 now, a delay in nanoseconds (it was
   * corrected less than {@link #CORRECTION_MIN_INTERVAL} ago: the re-check waits out the rest), or
   * -1 when a delayed one is already due. Re-checks that find nothing do not count.
   */
  long recheckDelay(String pod, long nowNanos) {
    Long pending = recheckDue.get(pod);
    if (pending != null && pending - nowNanos > 0) {
      return -1;
    }
    Long last = corrected.get(pod);
    if (last == null || nowNanos - last >= CORRECTION_MIN_INTERVAL.toNanos()) {
      return 0;
    }
    long due = last + CORRECTION_MIN_INTERVAL.toNanos();
    recheckDue.put(pod, due);
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
