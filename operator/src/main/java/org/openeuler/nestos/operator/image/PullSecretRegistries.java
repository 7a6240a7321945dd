package org.openeuler.nestos.operator.image;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.function.Function;
import org.openeuler.nestos.ostree.registry.DockerConfig;
import org.openeuler.nestos.ostree.registry.RegistryClient;
import org.openeuler.nestos.ostree.registry.RegistryOptions;

/**
 * Registry clients for {@link ImageVerifier}: anonymous, or with the credentials of an OSVersion's
 * {@code imagePolicy.pullSecretName} ({@code kubernetes.io/dockerconfigjson}), read from the operator's namespace.
 * Read per check: secrets rotate, and a digest-pinned image is verified once anyway.
 */
public final class PullSecretRegistries implements Function<String, RegistryClient> {

  private final KubernetesClient client;
  private final String namespace;
  private final RegistryClient anonymous = client(RegistryOptions.defaults());

  public PullSecretRegistries(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  @Override
  public RegistryClient apply(String pullSecretName) {
    if (pullSecretName == null || pullSecretName.isBlank()) {
      return anonymous;
    }
    Secret secret = client.secrets().inNamespace(namespace).withName(pullSecretName).get();
    if (secret == null || secret.getData() == null || !secret.getData().containsKey(".dockerconfigjson")) {
      return anonymous;
    }
    byte[] json = Base64.getDecoder().decode(secret.getData().get(".dockerconfigjson"));
    return client(RegistryOptions.defaults().withCredentials(DockerConfig.parse(json)));
  }

  private static RegistryClient client(RegistryOptions options) {
    try {
      return new RegistryClient(options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up the registry client", e);
    }
  }
}
