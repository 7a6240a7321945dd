package org.openeuler.nestos.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedWritesTest {

  @Test
  void runsEveryTaskAtMostLimitAtOnceAndReturnsWhenAllFinished() {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    Set<Integer> done = ConcurrentHashMap.newKeySet();
    CountDownLatch fourStarted = new CountDownLatch(4);
    List<Runnable> tasks = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int id = i;
      tasks.add(
          () -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            fourStarted.countDown();
            try {
              fourStarted.await(
                  10, TimeUnit.SECONDS); // the first four overlap: concurrency is real
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            done.add(id);
          });
    }
    try (BoundedWrites writes = new BoundedWrites("test-write", 4)) {
      writes.runAll(tasks);
    }
    assertThat(done).hasSize(200);
    assertThat(maxInFlight.get()).isEqualTo(4);
  }

  @Test
  void aFailingTaskDoesNotStopTheOthers() {
    AtomicInteger ran = new AtomicInteger();
    List<Runnable> tasks =
        List.of(
            ran::incrementAndGet,
            () -> {
              throw new IllegalStateException("409");
            },
            ran::incrementAndGet);
    try (BoundedWrites writes = new BoundedWrites("test-write", 2)) {
      writes.runAll(tasks);
    }
    assertThat(ran.get()).isEqualTo(2);
  }

  @Test
  void aSingleTaskRunsOnTheCallersThread() {
    Thread[] ranOn = new Thread[1];
    try (BoundedWrites writes = new BoundedWrites("test-write", 8)) {
      writes.runAll(List.of(() -> ranOn[0] = Thread.currentThread()));
    }
    assertThat(ranOn[0]).isSameAs(Thread.currentThread());
  }

  @Test
  void submitAllReturnsAtOnceAndDropsWhatExceedsTheQueue() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(3);
    AtomicInteger ran = new AtomicInteger();
    Runnable blocked =
        () -> {
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ran.incrementAndGet();
          done.countDown();
        };
    AtomicInteger counted = new AtomicInteger();
    try (BoundedWrites writes = new BoundedWrites("test-event", 1, 2, counted::incrementAndGet)) {
      // one running, two waiting, the fourth and fifth dropped
      writes.submitAll(List.of(blocked, blocked, blocked, blocked, blocked));
      assertThat(ran.get()).as("submitAll does not wait").isZero();
      assertThat(writes.dropped()).isEqualTo(2);
      assertThat(counted.get()).as("each drop reported (the metric)").isEqualTo(2);
      release.countDown();
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(ran.get()).isEqualTo(3);
  }

  /** A write that must not be lost (a Warning event) waits beyond the bound. */
  @Test
  void submitKeptIsNeverDropped() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(4);
    Runnable blocked =
        () -> {
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          done.countDown();
        };
    try (BoundedWrites writes = new BoundedWrites("test-event", 1, 1, () -> {})) {
      writes.submitAll(List.of(blocked, blocked)); // one running, one waiting: the bound
      writes.submitKept(blocked);
      writes.submitKept(blocked);
      assertThat(writes.dropped()).isZero();
      release.countDown();
      assertThat(done.await(10, TimeUnit.SECONDS)).as("all four ran").isTrue();
    }
  }
}
