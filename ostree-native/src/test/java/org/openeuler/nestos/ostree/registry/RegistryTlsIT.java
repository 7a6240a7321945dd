package org.openeuler.nestos.ostree.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openeuler.nestos.ostree.core.image.OstreeLabels;
import org.openeuler.nestos.ostree.core.ref.DockerReference;
import org.openeuler.nestos.ostree.testing.LocalRegistry;
import org.openeuler.nestos.ostree.testing.TestImages;

/** HTTPS with a CA made at test time: trusted through the custom CA option, refused without it. */
class RegistryTlsIT {

  @RegisterExtension static final LocalRegistry REGISTRY = LocalRegistry.withTls();

  @Test
  void theCustomCaIsTrusted() throws IOException {
    RegistryClient client = REGISTRY.client();
    DockerReference ref = REGISTRY.ref("tls/os:v1");
    TestImages.Image pushed =
        TestImages.push(client, ref, Map.of(OstreeLabels.BOOTABLE, "true"), "tls");

    ImageInfo info = client.inspect(ref);
    assertThat(info.manifestDigest()).isEqualTo(pushed.digest());
    assertThat(info.config().bootable()).isTrue();
  }

  @Test
  void withoutTheCaTheServerIsRefusedAndNotRetried() throws IOException {
    RegistryClient client = new RegistryClient(REGISTRY.clientOptions().withCaFile(null));

    assertThatThrownBy(() -> client.headManifest(REGISTRY.ref("tls/os:v1")))
        .isInstanceOf(SSLException.class);
  }

  @Test
  void plainHttpIsNotUsedUnlessAllowed() throws IOException {
    RegistryClient plain =
        new RegistryClient(
            RegistryOptions.defaults()
                .withPlainHttp(REGISTRY.host())
                .withRetry(RetryPolicy.none()));

    assertThatThrownBy(() -> plain.headManifest(REGISTRY.ref("tls/os:v1")))
        .isInstanceOf(RegistryException.class)
        .satisfies(e -> assertThat(((RegistryException) e).status()).isEqualTo(400));
  }
}
