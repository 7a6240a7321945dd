package org.openeuler.nestos.operator.image;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Function;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.ostree.registry.DockerConfig;
import org.openeuler.nestos.ostree.registry.RegistryClient;
import org.openeuler.nestos.ostree.registry.RegistryOptions;
import org.openeuler.nestos.ostree.registry.RetryPolicy;

/**
 * Registry clients for {@link ImageVerifier}: anonymous, or with the credentials of an OSVersion's
 * {@code imagePolicy.pullSecretName} ({@code kubernetes.io/dockerconfigjson}), read from the
 * operator's namespace. Read per check: secrets rotate, and a digest-pinned image is verified once
 * anyway.
 */
public final class PullSecretRegistries implements Function<String, RegistryClient> {

  private final KubernetesClient client;
  private final String namespace;

  /**
   * A reconcile waits for the check, so it is short: 10 s per request, two quick retries; the
   * reconciler retries an unavailable image later anyway ({@code Stalled/ImageUnavailable}
   * meanwhile).
   */
  static final RegistryOptions OPTIONS =
      RegistryOptions.defaults()
          .withRequestTimeout(Duration.ofSeconds(10))
          .withRetry(
              new RetryPolicy(
                  3, Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(10)));

  private final RegistryOptions options;
  private final RegistryClient anonymous;

  public PullSecretRegistries(KubernetesClient client, String namespace) {
    this(client, namespace, RegistryCheckSettings.defaults());
  }

  /** With the CA bundle and plain-HTTP registries of {@code settings}. */
  public PullSecretRegistries(
      KubernetesClient client, String namespace, RegistryCheckSettings settings) {
    this.client = client;
    this.namespace = namespace;
    this.options = settings.apply(OPTIONS);
    this.anonymous = client(options);
  }

  @Override
  public RegistryClient apply(String pullSecretName) {
    if (pullSecretName == null || pullSecretName.isBlank()) {
      return anonymous;
    }
    Secret secret;
    try {
      secret = client.secrets().inNamespace(namespace).withName(pullSecretName).get();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
      // the chart grants get on exactly the Secrets of registry.pullSecrets
      throw new PullSecretMissingException(
          "the operator may not read pull secret "
              + namespace
              + "/"
              + pullSecretName
              + ": add it to the chart value registry.pullSecrets and run helm upgrade ("
              + e.getStatus().getMessage()
              + ")",
          ConditionReason.PULL_SECRET_NOT_ALLOWED);
    }
    if (secret == null) {
      throw new PullSecretMissingException(
          "pull secret " + namespace + "/" + pullSecretName + " does not exist");
    }
    if (secret.getData() == null || !secret.getData().containsKey(".dockerconfigjson")) {
      throw new PullSecretMissingException(
          "pull secret "
              + namespace
              + "/"
              + pullSecretName
              + " has no .dockerconfigjson (type kubernetes.io/dockerconfigjson expected)");
    }
    byte[] json = Base64.getDecoder().decode(secret.getData().get(".dockerconfigjson"));
    return client(options.withCredentials(DockerConfig.parse(json)));
  }

  private static RegistryClient client(RegistryOptions options) {
    try {
      return new RegistryClient(options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up the registry client", e);
    }
  }
}
