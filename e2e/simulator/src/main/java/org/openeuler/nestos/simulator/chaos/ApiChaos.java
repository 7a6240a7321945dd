package org.openeuler.nestos.simulator.chaos;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.openeuler.nestos.apiserver.ApiFaults;
import org.openeuler.nestos.apiserver.ApiFaults.Fault;

/**
 * The API faults of a chaos run, decided per request for the operator's and the daemons' requests
 * (the test's own reads are never touched): windows of refused requests (409 on writes, 429, 500,
 * 503), of late or reset requests, and of dropped watches; and killed operator replicas, cut off
 * for good.
 */
final class ApiChaos implements ApiFaults {

  private static final int[] CODES = {409, 429, 500, 503};
  private static final String[] REASONS = {
    "Conflict", "TooManyRequests", "InternalError", "ServiceUnavailable"
  };

  private record Window(long untilNanos, int percent) {
    boolean open() {
      return System.nanoTime() < untilNanos;
    }
  }

  private volatile Window errors = new Window(0, 0);
  private volatile Window timeouts = new Window(0, 0);
  private volatile Window watchDrops = new Window(0, 0);
  private final Set<String> cut = ConcurrentHashMap.newKeySet();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger delayedOrReset = new AtomicInteger();
  private final AtomicInteger watchesDropped = new AtomicInteger();

  /** Opens a window of {@code kind} ({@code API_*} or {@code WATCH_DROPS}). */
  synchronized void open(FaultKind kind, long durationMillis, int percent) {
    Window w = new Window(System.nanoTime() + durationMillis * 1_000_000, percent);
    switch (kind) {
      case API_ERRORS -> errors = later(errors, w);
      case API_TIMEOUTS -> timeouts = later(timeouts, w);
      case WATCH_DROPS -> watchDrops = later(watchDrops, w);
      default -> throw new IllegalArgumentException(kind + " is not an API fault");
    }
  }

  /** Overlapping windows: the one that ends later, at the new share. */
  private static Window later(Window old, Window w) {
    return old.open() && old.untilNanos() > w.untilNanos()
        ? new Window(old.untilNanos(), w.percent())
        : w;
  }

  /** Requests of this user agent are subject to faults: the operator's and the daemons'. */
  static boolean faulted(String userAgent) {
    return userAgent.startsWith("nestos-operator/") || userAgent.startsWith("nestos-node-daemon/");
  }

  /** Every request from this user agent is reset from now on (a killed process). */
  void cutOff(String userAgent) {
    cut.add(userAgent);
  }

  /** Requests refused, delayed or reset, and watches dropped, so far. */
  String counts() {
    return "refused=%d delayedOrReset=%d watchesDropped=%d"
        .formatted(refused.get(), delayedOrReset.get(), watchesDropped.get());
  }

  @Override
  public Fault decide(Request r) {
    String agent = r.userAgent();
    if (cut.contains(agent)) {
      return new Fault.Drop(0);
    }
    if (!faulted(agent)) {
      return Fault.PASS;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (r.watch()) {
      if (watchDrops.open()) {
        watchesDropped.incrementAndGet();
        return new Fault.Drop(200 + random.nextLong(1_800));
      }
      return Fault.PASS;
    }
    Window e = errors;
    if (e.open() && random.nextInt(100) < e.percent()) {
      int i = random.nextInt(CODES.length);
      if (CODES[i] == 409 && !r.mutating()) {
        i = 2; // a conflict is an answer to a write only
      }
      refused.incrementAndGet();
      return new Fault.Respond(CODES[i], REASONS[i]);
    }
    Window t = timeouts;
    if (t.open() && random.nextInt(100) < t.percent()) {
      delayedOrReset.incrementAndGet();
      return random.nextBoolean()
          ? new Fault.Delay(500 + random.nextLong(2_500))
          : new Fault.Drop(0);
    }
    return Fault.PASS;
  }
}
