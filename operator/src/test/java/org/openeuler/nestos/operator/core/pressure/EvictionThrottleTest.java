package org.openeuler.nestos.operator.core.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** One eviction per node per cooldown, a cluster-wide cap per minute. */
class EvictionThrottleTest {
  static final Instant T = Instant.parse("2026-12-07T12:00:00Z");

  @Test
  void aNodeWaitsForItsCooldownOthersDoNot() {
    EvictionThrottle t = new EvictionThrottle(Duration.ofSeconds(30), 10);
    assertThat(t.wait("n1", T)).isEmpty();
    t.evicted("n1", T);
    assertThat(t.wait("n1", T.plusSeconds(10))).contains(Duration.ofSeconds(20));
    assertThat(t.wait("n2", T.plusSeconds(10))).isEmpty();
    assertThat(t.wait("n1", T.plusSeconds(30))).isEmpty();
  }

  @Test
  void theClusterCapHoldsAcrossNodesForAMinute() {
    EvictionThrottle t = new EvictionThrottle(Duration.ofSeconds(30), 3);
    t.evicted("a", T);
    t.evicted("b", T.plusSeconds(5));
    t.evicted("c", T.plusSeconds(10));
    assertThat(t.wait("d", T.plusSeconds(20))).contains(Duration.ofSeconds(40));
    assertThat(t.wait("d", T.plusSeconds(59))).contains(Duration.ofSeconds(1));
    assertThat(t.wait("d", T.plusSeconds(60))).isEmpty();
    // a node's own cooldown beats the cluster's when longer
    EvictionThrottle slow = new EvictionThrottle(Duration.ofMinutes(5), 1);
    slow.evicted("a", T);
    assertThat(slow.wait("a", T.plusSeconds(30))).contains(Duration.ofSeconds(270));
    assertThat(slow.wait("b", T.plusSeconds(30))).contains(Duration.ofSeconds(30));
  }
}
