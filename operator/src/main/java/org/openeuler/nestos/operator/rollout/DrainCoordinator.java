package org.openeuler.nestos.operator.rollout;

import io.fabric8.kubernetes.api.model.Node;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.openeuler.nestos.operator.core.drain.DrainOptions;
import org.openeuler.nestos.operator.core.rollout.DrainProgress;
import org.openeuler.nestos.operator.drain.DrainResult;
import org.openeuler.nestos.operator.drain.NodeDrainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs drains off the reconcile thread, so a pass never blocks for a drain's timeout, and keeps
 * each node's outcome for the next passes' {@link DrainProgress}: drained (grant next), or blocked
 * with an exponential backoff before the node may be cordoned again. State is in memory: after a
 * restart a node of ours that is still cordoned is simply drained again (idempotent). Drains run
 * concurrently up to the cap ({@code threads}); below it, as many run as the planner ordered (its
 * disruption budget), one thread each, and idle threads end.
 */
final class DrainCoordinator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DrainCoordinator.class);
  private static final int MAX_BACKOFF_FACTOR = 16;

  /** What a finished drain means to the reconciler. */
  interface Listener {
    void finished(
        String osVersion, String node, String revision, DrainResult result, Duration took);
  }

  private enum Phase {
    RUNNING,
    DRAINED,
    BLOCKED
  }

  private record Entry(String revision, Phase phase, Instant retryAfter, int attempts) {}

  private final NodeDrainer drainer;
  private final Clock clock;
  private final Duration backoff;
  private final ExecutorService pool;
  private final Listener listener;
  private final Function<String, Node> cachedNode;
  private final Map<String, Entry> nodes = new ConcurrentHashMap<>();

  /**
   * @param cachedNode the informer's copy of a node, or null: a drain starts from it instead of
   *     reading the node
   */
  DrainCoordinator(
      NodeDrainer drainer,
      Clock clock,
      Duration backoff,
      int threads,
      Listener listener,
      Function<String, Node> cachedNode) {
    this.drainer = drainer;
    this.cachedNode = cachedNode;
    this.clock = clock;
    this.backoff = backoff;
    this.listener = listener;
    AtomicInteger n = new AtomicInteger();
    int cap = Math.max(1, threads);
    ThreadPoolExecutor drainPool =
        new ThreadPoolExecutor(
            cap,
            cap,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "nestos-drain-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    drainPool.allowCoreThreadTimeOut(true);
    this.pool = drainPool;
  }

  /** The drain facts of {@code node} for {@code revision}, for the planner. */
  DrainProgress progress(String node, String revision) {
    Entry e = nodes.get(node);
    if (e == null) {
      return DrainProgress.NONE;
    }
    return switch (e.phase) {
      case DRAINED -> new DrainProgress(e.revision.equals(revision), null);
      case BLOCKED -> new DrainProgress(false, e.retryAfter);
      case RUNNING -> DrainProgress.RUNNING;
    };
  }

  /** Whether a drain of {@code node} is running. */
  boolean running(String node) {
    Entry e = nodes.get(node);
    return e != null && e.phase == Phase.RUNNING;
  }

  /**
   * The earliest end of a drain backoff after {@code now}: the next pass is due then (nothing else
   * may happen to trigger it).
   */
  java.util.Optional<Instant> nextRetry(Instant now) {
    return nodes.values().stream()
        .filter(e -> e.phase == Phase.BLOCKED && e.retryAfter != null)
        .map(Entry::retryAfter)
        .filter(t -> t.isAfter(now))
        .min(Instant::compareTo);
  }

  /**
   * Whether a drain of {@code node} ended drained and was not consumed or forgotten since: the node
   * is cordoned by us, whether or not the cache shows it yet.
   */
  boolean drained(String node) {
    Entry e = nodes.get(node);
    return e != null && e.phase == Phase.DRAINED;
  }

  boolean anyRunning() {
    return nodes.values().stream().anyMatch(e -> e.phase == Phase.RUNNING);
  }

  /**
   * Starts draining {@code node} for {@code revision} unless a drain for it is running or already
   * done.
   *
   * @return whether a drain was started
   */
  boolean ensure(String osVersion, String node, String revision, DrainOptions options) {
    Entry[] started = new Entry[1];
    nodes.compute(
        node,
        (k, e) -> {
          if (e != null && e.phase == Phase.RUNNING) {
            return e;
          }
          if (e != null && e.phase == Phase.DRAINED && e.revision.equals(revision)) {
            return e;
          }
          int attempts = e == null ? 0 : e.attempts;
          started[0] = new Entry(revision, Phase.RUNNING, null, attempts);
          return started[0];
        });
    if (started[0] == null) {
      return false;
    }
    pool.execute(() -> run(osVersion, node, revision, options));
    return true;
  }

  private void run(String osVersion, String node, String revision, DrainOptions options) {
    Instant start = clock.instant();
    DrainResult result;
    try {
      result = drainer.drain(node, cachedNode.apply(node), revision, options);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      nodes.remove(node);
      return;
    } catch (RuntimeException e) {
      LOG.warn("drain of node {} failed: {}", node, e.toString());
      result = new DrainResult.Blocked(java.util.List.of("drain error: " + e.getMessage()), false);
    }
    Instant now = clock.instant();
    DrainResult done = result;
    nodes.compute(
        node,
        (k, e) -> {
          int attempts = e == null ? 0 : e.attempts;
          if (done instanceof DrainResult.Drained) {
            return new Entry(revision, Phase.DRAINED, null, 0);
          }
          if (done instanceof DrainResult.Blocked) {
            int factor = Math.min(MAX_BACKOFF_FACTOR, 1 << Math.min(attempts, 4));
            return new Entry(
                revision, Phase.BLOCKED, now.plus(backoff.multipliedBy(factor)), attempts + 1);
          }
          return null;
        });
    try {
      listener.finished(osVersion, node, revision, done, Duration.between(start, now));
    } catch (RuntimeException e) {
      LOG.warn("drain listener failed for node {}: {}", node, e.toString());
    }
  }

  /**
   * Forgets a node whose drain no longer matters (released, granted, gone). Running drains are
   * kept.
   */
  void forget(String node) {
    nodes.computeIfPresent(node, (k, e) -> e.phase == Phase.RUNNING ? e : null);
  }

  /** Forgets a finished drain result but keeps the backoff of a blocked one. */
  void consumed(String node) {
    nodes.computeIfPresent(node, (k, e) -> e.phase == Phase.DRAINED ? null : e);
  }

  @Override
  public void close() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
