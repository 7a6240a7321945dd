package org.openeuler.nestos.daemon.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BearerTokenTest {

  @TempDir Path tmp;

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-12-07T00:00:00Z"));
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };

  @Test
  void aRotatedTokenIsReadWithinAMinuteOrAtOnceAfterARefresh() throws Exception {
    Path file = tmp.resolve("token");
    Files.writeString(file, "first\n");
    BearerToken token = new BearerToken(file, clock);
    assertThat(token.get()).isEqualTo("first");

    Files.writeString(file, "second\n"); // the kubelet rotated it
    now.set(now.get().plus(Duration.ofSeconds(59)));
    assertThat(token.get()).as("still the token read 59 s ago").isEqualTo("first");
    now.set(now.get().plus(Duration.ofSeconds(1)));
    assertThat(token.get()).as("a minute old: read again").isEqualTo("second");

    Files.writeString(file, "third\n");
    token.refresh(); // the API server said 401
    assertThat(token.get()).isEqualTo("third");
  }
}
