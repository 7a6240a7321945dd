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
 * (insecure-registries style, {@code host[:port]}; HTTPS for all others, redirect targets
 * included), an extra CA bundle (PEM, trusted besides the JDK's), credentials, the retry policy,
 * the per-request timeout, the transfer deadline and the node's platform.
 *
 * <p>Every read has a deadline: {@code requestTimeout} bounds the wait for the response headers and
 * for each next piece of a body (a registry that stalls mid-body fails with {@link
 * TransferTimeoutException}); a whole blob download must end within {@code transferDeadline}, a
 * manifest, config, token or error body within {@link #documentDeadline()}.
 */
public record RegistryOptions(
    Set<String> plainHttpRegistries,
    Path caFile,
    DockerConfig credentials,
    RetryPolicy retry,
    Duration requestTimeout,
    Platform platform,
    Duration transferDeadline) {

  public RegistryOptions {
    plainHttpRegistries = Set.copyOf(plainHttpRegistries);
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(transferDeadline, "transferDeadline");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive");
    }
    if (transferDeadline.isNegative() || transferDeadline.isZero()) {
      throw new IllegalArgumentException("transferDeadline must be positive");
    }
  }

  /** A body held in memory (manifest, config, token, error) ends within 3 request timeouts. */
  static final int DOCUMENT_TIMEOUTS = 3;

  /**
   * HTTPS only, the JDK's CAs, anonymous, {@link RetryPolicy#DEFAULT}, 60 s per request (and
   * between reads), {@code linux/amd64}, 1 h per blob.
   */
  public static RegistryOptions defaults() {
    return new RegistryOptions(
        Set.of(),
        null,
        DockerConfig.empty(),
        RetryPolicy.DEFAULT,
        Duration.ofSeconds(60),
        Platform.LINUX_AMD64,
        Duration.ofHours(1));
  }

  public RegistryOptions withPlainHttp(String... registries) {
    Set<String> all = new HashSet<>(plainHttpRegistries);
    all.addAll(List.of(registries));
    return new RegistryOptions(
        all, caFile, credentials, retry, requestTimeout, platform, transferDeadline);
  }

  public RegistryOptions withCaFile(Path pem) {
    return new RegistryOptions(
        plainHttpRegistries, pem, credentials, retry, requestTimeout, platform, transferDeadline);
  }

  public RegistryOptions withCredentials(DockerConfig config) {
    return new RegistryOptions(
        plainHttpRegistries, caFile, config, retry, requestTimeout, platform, transferDeadline);
  }

  public RegistryOptions withRetry(RetryPolicy policy) {
    return new RegistryOptions(
        plainHttpRegistries,
        caFile,
        credentials,
        policy,
        requestTimeout,
        platform,
        transferDeadline);
  }

  public RegistryOptions withRequestTimeout(Duration timeout) {
    return new RegistryOptions(
        plainHttpRegistries, caFile, credentials, retry, timeout, platform, transferDeadline);
  }

  public RegistryOptions withPlatform(Platform p) {
    return new RegistryOptions(
        plainHttpRegistries, caFile, credentials, retry, requestTimeout, p, transferDeadline);
  }

  /** The longest a whole blob download may take (counted from its response headers). */
  public RegistryOptions withTransferDeadline(Duration deadline) {
    return new RegistryOptions(
        plainHttpRegistries, caFile, credentials, retry, requestTimeout, platform, deadline);
  }

  /**
   * The deadline of a body read into memory: {@value #DOCUMENT_TIMEOUTS} request timeouts, at most
   * the transfer deadline.
   */
  public Duration documentDeadline() {
    Duration d = requestTimeout.multipliedBy(DOCUMENT_TIMEOUTS);
    return d.compareTo(transferDeadline) < 0 ? d : transferDeadline;
  }

  /** Whether plain HTTP was explicitly allowed for this registry. */
  public boolean plainHttp(String registry) {
    return plainHttpRegistries.contains(registry);
  }
}
