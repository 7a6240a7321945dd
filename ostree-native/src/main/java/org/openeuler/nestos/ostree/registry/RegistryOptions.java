package org.openeuler.nestos.ostree.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.openeuler.nestos.ostree.core.image.Platform;

/**
 * How a {@link RegistryClient} connects: registries that may be spoken to over plain HTTP
 * (insecure-registries style, {@code host[:port]}; HTTPS for all others), an extra CA bundle (PEM,
 * trusted besides the JDK's), credentials, the retry policy, the per-request timeout (until
 * response headers) and the node's platform.
 */
public record RegistryOptions(
    Set<String> plainHttpRegistries,
    Path caFile,
    DockerConfig credentials,
    RetryPolicy retry,
    Duration requestTimeout,
    Platform platform) {

  public RegistryOptions {
    plainHttpRegistries = Set.copyOf(plainHttpRegistries);
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(platform, "platform");
  }

  /**
   * HTTPS only, the JDK's CAs, anonymous, {@link RetryPolicy#DEFAULT}, 60 s, {@code linux/amd64}.
   */
  public static RegistryOptions defaults() {
    return new RegistryOptions(
        Set.of(),
        null,
        DockerConfig.empty(),
        RetryPolicy.DEFAULT,
        Duration.ofSeconds(60),
        Platform.LINUX_AMD64);
  }

  public RegistryOptions withPlainHttp(String... registries) {
    Set<String> all = new HashSet<>(plainHttpRegistries);
    all.addAll(List.of(registries));
    return new RegistryOptions(all, caFile, credentials, retry, requestTimeout, platform);
  }

  public RegistryOptions withCaFile(Path pem) {
    return new RegistryOptions(
        plainHttpRegistries, pem, credentials, retry, requestTimeout, platform);
  }

  public RegistryOptions withCredentials(DockerConfig config) {
    return new RegistryOptions(
        plainHttpRegistries, caFile, config, retry, requestTimeout, platform);
  }

  public RegistryOptions withRetry(RetryPolicy policy) {
    return new RegistryOptions(
        plainHttpRegistries, caFile, credentials, policy, requestTimeout, platform);
  }

  public RegistryOptions withRequestTimeout(Duration timeout) {
    return new RegistryOptions(plainHttpRegistries, caFile, credentials, retry, timeout, platform);
  }

  public RegistryOptions withPlatform(Platform p) {
    return new RegistryOptions(plainHttpRegistries, caFile, credentials, retry, requestTimeout, p);
  }

  /** Whether plain HTTP was explicitly allowed for this registry. */
  public boolean plainHttp(String registry) {
    return plainHttpRegistries.contains(registry);
  }
}
