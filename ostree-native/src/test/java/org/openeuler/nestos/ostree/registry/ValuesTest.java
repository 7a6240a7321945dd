package org.openeuler.nestos.ostree.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The registry client's small value types: auth challenges, docker configs, retry delays. */
class ValuesTest {

  @Test
  void parsesChallenges() {
    AuthChallenge c =
        AuthChallenge.parse(
            "Bearer realm=\"https://auth.example/token\",service=\"reg\",scope=\"repository:a/b:pull,push\"");
    assertThat(c.scheme()).isEqualTo("bearer");
    assertThat(c.param("realm")).isEqualTo("https://auth.example/token");
    assertThat(c.param("scope")).isEqualTo("repository:a/b:pull,push");
    assertThat(AuthChallenge.parse("Basic realm=\"x\"").scheme()).isEqualTo("basic");
    assertThat(AuthChallenge.parse("Bearer realm=plain, service=s").params())
        .containsEntry("realm", "plain")
        .containsEntry("service", "s");
  }

  @Test
  void readsDockerConfigs() {
    String json =
        "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"dTpw\"},"
            + "\"reg.example:5000\":{\"username\":\"bob\",\"password\":\"pw\"},\"empty.example\":{}}}";
    DockerConfig c = DockerConfig.parse(json.getBytes(StandardCharsets.UTF_8));
    assertThat(c.forRegistry("docker.io")).contains(new Credentials("u", "p"));
    assertThat(c.forRegistry("reg.example:5000")).contains(new Credentials("bob", "pw"));
    assertThat(c.forRegistry("empty.example")).isEmpty();
    assertThat(new Credentials("u", "secret").toString()).doesNotContain("secret");
    DockerConfig legacy = DockerConfig.parse("{\"old.example\":{\"auth\":\"dTpw\"}}".getBytes());
    assertThat(legacy.forRegistry("old.example")).contains(new Credentials("u", "p"));
  }

  @Test
  void backsOffExponentiallyAndCapsRetryAfter() {
    RetryPolicy p =
        new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(350), Duration.ofSeconds(10));
    assertThat(p.delayAfter(1, null)).isEqualTo(Duration.ofMillis(100));
    assertThat(p.delayAfter(2, null)).isEqualTo(Duration.ofMillis(200));
    assertThat(p.delayAfter(3, null)).isEqualTo(Duration.ofMillis(350));
    assertThat(p.delayAfter(1, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    assertThat(p.delayAfter(1, Duration.ofMinutes(3))).isEqualTo(Duration.ofSeconds(10));
  }
}
