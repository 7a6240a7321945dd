package org.openeuler.nestos.operator.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.ostree.core.image.OstreeLabels;
import org.openeuler.nestos.ostree.registry.RegistryClient;
import org.openeuler.nestos.ostree.registry.RegistryOptions;
import org.openeuler.nestos.ostree.testing.LocalRegistry;
import org.openeuler.nestos.ostree.testing.TestImages;

/**
 * The operator's registry check settings against Debian's docker-registry: HTTPS with a certificate
 * from a self-signed CA (openssl) and plain HTTP. Without the CA bundle or the plain-HTTP entry the
 * registry is unreachable for the operator, which by default no longer blocks the rollout
 * (Unchecked/RegistryUnreachable) and blocks it only when configured to; the opt-out checks
 * nothing.
 */
class RegistryCheckSettingsIT {

  @RegisterExtension static final LocalRegistry TLS = LocalRegistry.withTls();
  @RegisterExtension static final LocalRegistry PLAIN = LocalRegistry.plain();

  static final String COMMIT = "c".repeat(64);

  static String push(LocalRegistry registry) throws IOException {
    TestImages.Image image =
        TestImages.push(
            registry.client(),
            registry.ref("nestos/os:v1"),
            Map.of(
                OstreeLabels.BOOTABLE,
                "true",
                OstreeLabels.COMMIT,
                COMMIT,
                OstreeLabels.VERSION,
                "7"),
            "os");
    return registry.host() + "/nestos/os@" + image.digest();
  }

  /** The verifier the operator builds (PullSecretRegistries with the settings), anonymous. */
  static ImageVerifier operatorVerifier(RegistryCheckSettings settings, AtomicLong clock) {
    RegistryOptions options = settings.apply(PullSecretRegistries.OPTIONS);
    return new ImageVerifier(secret -> client(options), settings, clock::get);
  }

  static RegistryClient client(RegistryOptions options) {
    try {
      return new RegistryClient(options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aSelfSignedTlsRegistryNeedsTheCaBundle() throws Exception {
    String image = push(TLS);
    AtomicLong clock = new AtomicLong();

    ImageCheck without =
        operatorVerifier(new RegistryCheckSettings(true, false, null, Set.of()), clock)
            .check(image, null);
    assertThat(without)
        .isInstanceOfSatisfying(
            ImageCheck.Unchecked.class,
            u -> {
              assertThat(u.code()).isEqualTo(ConditionReason.REGISTRY_UNREACHABLE);
              assertThat(u.reason())
                  .contains("registry " + TLS.host() + " unreachable from the operator")
                  .contains("the rollout proceeds");
            });

    ImageCheck blocked =
        operatorVerifier(new RegistryCheckSettings(true, true, null, Set.of()), clock)
            .check(image, null);
    assertThat(blocked)
        .isInstanceOfSatisfying(
            ImageCheck.Unavailable.class,
            u -> assertThat(u.code()).isEqualTo(ConditionReason.REGISTRY_UNREACHABLE));

    ImageCheck withCa =
        operatorVerifier(
                RegistryCheckSettings.from(
                    Map.of("registry-ca-file", TLS.caCertificate().toString())),
                clock)
            .check(image, null);
    assertThat(withCa).isInstanceOf(ImageCheck.Available.class);
    assertThat(((ImageCheck.Available) withCa).version()).isEqualTo("7");
  }

  @Test
  void aPlainHttpRegistryMustBeListed() throws Exception {
    String image = push(PLAIN);
    AtomicLong clock = new AtomicLong();

    assertThat(
            operatorVerifier(new RegistryCheckSettings(true, false, null, Set.of()), clock)
                .check(image, null))
        .isInstanceOfSatisfying(
            ImageCheck.Unchecked.class,
            u -> assertThat(u.code()).isEqualTo(ConditionReason.REGISTRY_UNREACHABLE));
    assertThat(
            operatorVerifier(
                    RegistryCheckSettings.from(
                        Map.of("registry-plain-http", "other:5000, " + PLAIN.host())),
                    clock)
                .check(image, null))
        .isInstanceOf(ImageCheck.Available.class);
  }

  @Test
  void theOptOutAsksNoRegistryAndSaysSo() {
    AtomicInteger asked = new AtomicInteger();
    ImageVerifier off =
        new ImageVerifier(
            secret -> {
              asked.incrementAndGet();
              return PLAIN.client();
            },
            RegistryCheckSettings.from(Map.of("registry-check", "false")),
            System::nanoTime);
    assertThat(off.check(PLAIN.host() + "/nestos/os@sha256:" + "d".repeat(64), "pull"))
        .isInstanceOfSatisfying(
            ImageCheck.Unchecked.class,
            u -> {
              assertThat(u.code()).isEqualTo(ConditionReason.REGISTRY_CHECK_DISABLED);
              assertThat(u.reason()).contains("registry.check=false");
            });
    assertThat(asked).hasValue(0);
  }

  @Test
  void anUnreachableRegistryIsAskedAgainOnlyAfterAMinute() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String image = "127.0.0.1:" + port + "/nestos/os@sha256:" + "e".repeat(64);
    AtomicInteger asked = new AtomicInteger();
    AtomicLong clock = new AtomicLong();
    RegistryCheckSettings settings = RegistryCheckSettings.defaults();
    ImageVerifier verifier =
        new ImageVerifier(
            secret -> {
              asked.incrementAndGet();
              return client(PullSecretRegistries.OPTIONS.withPlainHttp("127.0.0.1:" + port));
            },
            settings,
            clock::get);

    ImageCheck first = verifier.check(image, null);
    assertThat(first).isInstanceOf(ImageCheck.Unchecked.class);
    clock.addAndGet(ImageVerifier.UNREACHABLE_RETRY_NANOS - 1);
    assertThat(verifier.check(image, null)).isEqualTo(first);
    assertThat(asked).hasValue(1);
    clock.addAndGet(1);
    verifier.check(image, null);
    assertThat(asked).hasValue(2);
  }
}
