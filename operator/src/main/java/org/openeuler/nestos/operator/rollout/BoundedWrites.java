package org.openeuler.nestos.operator.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues a pass's independent API writes (one per node: uncordon, grant, and the node's event) at
 * most {@code limit} at a time: without waiting ({@link #submitAll}, the rollout's orders), or
 * returning once all finished ({@link #runAll}, a deletion's uncordons). Each task handles its own
 * failure (dropping the expectation it was counted in); threads end when idle.
 */
final class BoundedWrites implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BoundedWrites.class);
  private static final int DROP_LOG_EVERY = 1000;

  private final ThreadPoolExecutor pool;
  private final String name;
  private final int queued;
  private final Runnable onDrop;
  private final AtomicLong dropped = new AtomicLong();

  BoundedWrites(String name, int limit) {
    this(name, limit, Integer.MAX_VALUE, () -> {});
  }

  /**
   * @param queued at most this many tasks wait for a thread; {@link #submitAll} drops the tasks
   *     beyond (for best-effort writes: events), {@link #submitKept} never does
   * @param onDrop run for each dropped task (a metric)
   */
  BoundedWrites(String name, int limit, int queued, Runnable onDrop) {
    this.name = name;
    this.queued = queued;
    this.onDrop = onDrop;
    AtomicInteger n = new AtomicInteger();
    int threads = Math.max(1, limit);
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, name + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
  }

  /**
   * Starts every task, at most {@code limit} at once, and returns: each task records its own
   * outcome (and asks for the next pass). Tasks beyond the queue's bound are dropped (logged).
   */
  void submitAll(List<Runnable> tasks) {
    for (Runnable task : tasks) {
      if (pool.getQueue().size() >= queued) {
        recordDrop();
        continue;
      }
      submitKept(task);
    }
  }

  /** Starts {@code task} whatever the queue's bound (a write that must not be lost: a Warning). */
  void submitKept(Runnable task) {
    try {
      pool.execute(() -> runLogged(task));
    } catch (RejectedExecutionException e) {
      // shut down: the operator stops
    }
  }

  private void recordDrop() {
    if (pool.isShutdown()) {
      return;
    }
    onDrop.run();
    if (dropped.incrementAndGet() % DROP_LOG_EVERY == 1) {
      LOG.warn("{}: {} write(s) dropped so far: too many waiting", name, dropped.get());
    }
  }

  /**
   * Runs every task, at most {@code limit} at once (a single task on the caller's thread); waits
   * for all.
   */
  void runAll(List<Runnable> tasks) {
    if (tasks.size() <= 1) {
      tasks.forEach(BoundedWrites::runLogged);
      return;
    }
    List<Future<?>> futures = new ArrayList<>(tasks.size());
    for (Runnable task : tasks) {
      futures.add(pool.submit(() -> runLogged(task)));
    }
    for (int i = 0; i < futures.size(); i++) {
      try {
        futures.get(i).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        futures.subList(i, futures.size()).forEach(f -> f.cancel(false));
        return;
      } catch (ExecutionException e) {
        LOG.warn("write task failed: {}", e.getCause().toString());
      }
    }
  }

  private static void runLogged(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.warn("write task failed: {}", e.toString());
    }
  }

  /** Tasks {@link #submitAll} dropped: the queue was full. */
  long dropped() {
    return dropped.get();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
