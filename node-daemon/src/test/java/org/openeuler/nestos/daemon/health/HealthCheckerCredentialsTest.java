package org.openeuler.nestos.daemon.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.HealthCheck;
import org.openeuler.nestos.api.v1alpha1.HttpGetCheck;

/**
 * Credentials in a health-check URL never reach an outcome's message (which the daemon copies into
 * NodeState status): issue 11, item 6.
 */
class HealthCheckerCredentialsTest {

  @Test
  void anOutcomeNeverCarriesTheUrlsPassword() {
    HealthChecker checker =
        new HealthChecker(
            c -> {
              throw new AssertionError("no command expected");
            },
            null,
            Clock.systemUTC());
    // a space makes the URL unparsable: the check fails before any I/O, with the URL in the error
    HealthOutcome out =
        checker.run(
            new HealthCheck(
                "app",
                HealthCheck.Type.HTTPGet,
                1,
                new HttpGetCheck("http://admin:s3cret pw@127.0.0.1:8080/healthz"),
                null,
                null,
                null));
    assertThat(out.passing()).isFalse();
    assertThat(out.message())
        .contains("127.0.0.1:8080")
        .doesNotContain("s3cret")
        .doesNotContain("admin");
  }

  @Test
  void userinfoIsRemovedFromEveryUrlOfAMessage() {
    assertThat(
            HealthChecker.withoutCredentials(
                "GET https://u:p@h.example/x -> 500; then HTTP://a@b:1/ failed"))
        .isEqualTo("GET https://h.example/x -> 500; then HTTP://b:1/ failed");
    assertThat(HealthChecker.withoutCredentials("GET http://h/x?a=b@c -> 200"))
        .isEqualTo("GET http://h/x?a=b@c -> 200");
    assertThat(HealthChecker.withoutCredentials(null)).isNull();
  }
}
