package org.openeuler.nestos.ostree.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openeuler.nestos.ostree.core.image.OstreeLabels;
import org.openeuler.nestos.ostree.core.ref.DockerReference;
import org.openeuler.nestos.ostree.testing.LocalRegistry;
import org.openeuler.nestos.ostree.testing.TestImages;

/**
 * HTTP basic auth (htpasswd, bcrypt) on the real registry, credentials from a pull secret's config.
 */
class RegistryBasicAuthIT {

  @RegisterExtension
  static final LocalRegistry REGISTRY = LocalRegistry.withBasicAuth("nestos", "s3cret");

  @Test
  void credentialsFromAPullSecretPushAndPull() throws IOException {
    String auth =
        Base64.getEncoder().encodeToString("nestos:s3cret".getBytes(StandardCharsets.UTF_8));
    DockerConfig secret =
        DockerConfig.parse(
            ("{\"auths\":{\"" + REGISTRY.host() + "\":{\"auth\":\"" + auth + "\"}}}")
                .getBytes(StandardCharsets.UTF_8));
    RegistryClient client = new RegistryClient(REGISTRY.clientOptions().withCredentials(secret));
    DockerReference ref = REGISTRY.ref("secure/os:v1");
    TestImages.Image pushed =
        TestImages.push(client, ref, Map.of(OstreeLabels.VERSION, "1"), "secure");

    assertThat(client.inspect(ref).manifestDigest()).isEqualTo(pushed.digest());
  }

  @Test
  void aWrongPasswordIsUnauthorized() throws IOException {
    DockerConfig wrong =
        DockerConfig.empty().with(REGISTRY.host(), new Credentials("nestos", "wrong"));
    RegistryClient client = new RegistryClient(REGISTRY.clientOptions().withCredentials(wrong));

    assertThatThrownBy(() -> client.getManifest(REGISTRY.ref("secure/os:v1")))
        .isInstanceOfSatisfying(
            UnauthorizedException.class, e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  void noCredentialsIsUnauthorized() throws IOException {
    RegistryClient client =
        new RegistryClient(REGISTRY.clientOptions().withCredentials(DockerConfig.empty()));

    assertThatThrownBy(() -> client.headManifest(REGISTRY.ref("secure/os:v1")))
        .isInstanceOf(UnauthorizedException.class);
  }
}
