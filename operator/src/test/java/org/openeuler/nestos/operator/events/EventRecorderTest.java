package org.openeuler.nestos.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The deduplication window of {@link EventRecorder} (pure: no event is written). */
class EventRecorderTest {

  final EventRecorder recorder = new EventRecorder(null, Clock.systemUTC(), "test");
  final Instant t0 = Instant.parse("2026-12-08T00:00:00Z");

  @Test
  void aKeyIsRecordedOncePerWindow() {
    assertThat(recorder.firstInWindow("a", t0)).isTrue();
    assertThat(recorder.firstInWindow("a", t0.plusSeconds(1))).isFalse();
    assertThat(recorder.firstInWindow("a", t0.plus(EventRecorder.DEDUP_WINDOW))).isTrue();
  }

  @Test
  void atMostTenThousandKeysAreKeptTheOldestForgottenFirst() {
    for (int i = 0; i <= 10_000; i++) {
      assertThat(recorder.firstInWindow("k" + i, t0.plusMillis(i))).isTrue();
    }
    Instant later = t0.plusSeconds(20);
    assertThat(recorder.firstInWindow("k0", later)).as("the oldest was forgotten").isTrue();
    assertThat(recorder.firstInWindow("k10000", later)).as("the newest is kept").isFalse();
  }

  @Test
  void aKeyExpiredBehindANewerOneIsRecordedAgain() {
    // a clock that went back: "b" is newer in the map than "a" but recorded earlier
    assertThat(recorder.firstInWindow("a", t0.plusSeconds(60))).isTrue();
    assertThat(recorder.firstInWindow("b", t0)).isTrue();
    Instant justPastB = t0.plus(EventRecorder.DEDUP_WINDOW).plusSeconds(1);
    assertThat(recorder.firstInWindow("b", justPastB)).isTrue();
    assertThat(recorder.firstInWindow("a", justPastB)).isFalse();
    assertThat(Duration.between(t0.plusSeconds(60), justPastB))
        .isLessThan(EventRecorder.DEDUP_WINDOW);
  }
}
