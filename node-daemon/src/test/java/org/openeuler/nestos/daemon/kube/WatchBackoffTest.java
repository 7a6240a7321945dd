package org.openeuler.nestos.daemon.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WatchBackoffTest {

  private static WatchBackoff with(double random) {
    return new WatchBackoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> random);
  }

  @Test
  void delaysDoubleFromTheInitialOneUpToTheMaximum() {
    WatchBackoff top = with(1.0);
    assertThat(top.delay(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(top.delay(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(top.delay(3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(top.delay(7)).isEqualTo(Duration.ofSeconds(30)); // 32 s capped
    assertThat(top.delay(1_000)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void eachDelayIsDrawnBetweenHalfAndAllOfItsStep() {
    assertThat(with(0.0).delay(3)).isEqualTo(Duration.ofSeconds(1));
    assertThat(with(0.5).delay(3)).isEqualTo(Duration.ofMillis(1500));
    assertThat(with(0.0).delay(100)).isEqualTo(Duration.ofSeconds(15));
    for (int i = 0; i < 100; i++) {
      Duration d = WatchBackoff.standard().delay(4);
      assertThat(d).isBetween(Duration.ofMillis(2000), Duration.ofMillis(4000));
    }
  }
}
