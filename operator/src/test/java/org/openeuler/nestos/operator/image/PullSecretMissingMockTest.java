package org.openeuler.nestos.operator.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.apiserver.TestApiServer;

/**
 * An OSVersion naming a pull secret that does not exist, or is not a dockerconfigjson secret, is
 * reported as {@code PullSecretMissing} instead of being pulled anonymously (issue 11, item 6).
 */
class PullSecretMissingMockTest {

  private static final String IMAGE = "registry.invalid/nestos/os@sha256:" + "a".repeat(64);

  @Test
  void aMissingOrMalformedPullSecretIsReportedAsSuch() {
    try (TestApiServer server = TestApiServer.start();
        KubernetesClient client =
            new KubernetesClientBuilder().withConfig(server.clientConfig()).build()) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName("nestos").endMetadata().build())
          .create();
      client
          .secrets()
          .inNamespace("nestos")
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("opaque")
                  .endMetadata()
                  .addToStringData("token", "x")
                  .build())
          .create();
      ImageVerifier verifier = new ImageVerifier(new PullSecretRegistries(client, "nestos"));

      ImageCheck missing = verifier.check(IMAGE, "regcred");
      assertThat(missing)
          .isInstanceOfSatisfying(
              ImageCheck.Unavailable.class,
              u -> {
                assertThat(u.code()).isEqualTo(ConditionReason.PULL_SECRET_MISSING);
                assertThat(u.reason()).contains("nestos/regcred").contains("does not exist");
              });
      ImageCheck malformed = verifier.check(IMAGE, "opaque");
      assertThat(malformed)
          .isInstanceOfSatisfying(
              ImageCheck.Unavailable.class,
              u -> {
                assertThat(u.code()).isEqualTo(ConditionReason.PULL_SECRET_MISSING);
                assertThat(u.reason()).contains("nestos/opaque").contains(".dockerconfigjson");
              });
    }
  }
}
