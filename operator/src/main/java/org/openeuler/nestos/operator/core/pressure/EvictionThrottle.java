package org.openeuler.nestos.operator.core.pressure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The rate limit of PSI evictions: at most one per node per {@code nodeCooldown} (the pressure's 10
 * s average must get the time to show the last eviction's effect) and at most {@code perMinute} in
 * the whole cluster. Times are passed in (no clock here); one instance per operator, used from one
 * reconciler thread at a time (synchronized).
 */
public final class EvictionThrottle {
  private final Duration nodeCooldown;
  private final int perMinute;
  private final Map<String, Instant> lastByNode = new HashMap<>();
  private final Deque<Instant> recent = new ArrayDeque<>();

  public EvictionThrottle(Duration nodeCooldown, int perMinute) {
    this.nodeCooldown = nodeCooldown;
    this.perMinute = perMinute;
  }

  /** The defaults: 30 s per node, 10 a minute in the cluster. */
  public static EvictionThrottle defaults() {
    return new EvictionThrottle(Duration.ofSeconds(30), 10);
  }

  public Duration nodeCooldown() {
    return nodeCooldown;
  }

  /** How long until {@code node} may lose a pod; empty when it may now. */
  public synchronized Optional<Duration> wait(String node, Instant now) {
    Instant minuteAgo = now.minus(Duration.ofMinutes(1));
    while (!recent.isEmpty() && !recent.peekFirst().isAfter(minuteAgo)) {
      recent.pollFirst();
    }
    Instant allowed = Instant.MIN;
    Instant last = lastByNode.get(node);
    if (last != null) {
      allowed = last.plus(nodeCooldown);
    }
    if (recent.size() >= perMinute) {
      Instant clusterAllowed = recent.peekFirst().plus(Duration.ofMinutes(1));
      allowed = allowed.isAfter(clusterAllowed) ? allowed : clusterAllowed;
    }
    return allowed.isAfter(now) ? Optional.of(Duration.between(now, allowed)) : Optional.empty();
  }

  /** Records an eviction from {@code node} at {@code now}. */
  public synchronized void evicted(String node, Instant now) {
    lastByNode.put(node, now);
    recent.addLast(now);
  }
}
