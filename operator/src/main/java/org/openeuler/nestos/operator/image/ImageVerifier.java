package org.openeuler.nestos.operator.image;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.openeuler.nestos.ostree.core.image.InvalidImageException;
import org.openeuler.nestos.ostree.core.image.OstreeLabels;
import org.openeuler.nestos.ostree.core.ref.DockerReference;
import org.openeuler.nestos.ostree.core.ref.ReferenceFormatException;
import org.openeuler.nestos.ostree.registry.ImageInfo;
import org.openeuler.nestos.ostree.registry.NoMatchingPlatformException;
import org.openeuler.nestos.ostree.registry.NotFoundException;
import org.openeuler.nestos.ostree.registry.RegistryClient;
import org.openeuler.nestos.ostree.registry.RegistryException;
import org.openeuler.nestos.ostree.registry.UnauthorizedException;

/**
 * Checks an OSVersion's {@code osImage} in its registry before any node is touched: it must exist
 * (by digest), have a manifest for the nodes' platform and carry the ostree labels. A digest-pinned
 * image never changes, so a successful check is cached for good; failures are not cached (the
 * reconciler retries with backoff).
 */
public final class ImageVerifier {

  private final Function<String, RegistryClient> clientForPullSecret;
  private final Map<String, ImageCheck.Available> verified = new ConcurrentHashMap<>();

  /**
   * @param clientForPullSecret a registry client with the credentials of the named pull secret
   *     (null: none)
   */
  public ImageVerifier(Function<String, RegistryClient> clientForPullSecret) {
    this.clientForPullSecret = clientForPullSecret;
  }

  public ImageCheck check(String osImage, String pullSecretName) {
    ImageCheck.Available known = verified.get(osImage);
    if (known != null) {
      return known;
    }
    DockerReference ref;
    try {
      ref = DockerReference.parse(osImage);
    } catch (ReferenceFormatException e) {
      return new ImageCheck.Unavailable("invalid image reference: " + e.getMessage());
    }
    if (!ref.hasDigest()) {
      return new ImageCheck.Unavailable(osImage + " is not pinned by digest");
    }
    RegistryClient registry;
    try {
      registry = clientForPullSecret.apply(pullSecretName);
    } catch (PullSecretMissingException e) {
      return new ImageCheck.Unavailable(e.getMessage(), e.reason());
    }
    try {
      ImageInfo info = registry.inspect(ref);
      OstreeLabels labels = OstreeLabels.from(info.config().labels());
      ImageCheck.Available available =
          new ImageCheck.Available(
              labels.version(), labels.commit(), info.manifestDigest().toString());
      verified.put(osImage, available);
      return available;
    } catch (NotFoundException e) {
      return new ImageCheck.Unavailable(
          osImage + " not found in the registry (" + e.getMessage() + ")");
    } catch (UnauthorizedException e) {
      return new ImageCheck.Unavailable(
          "the registry refused the credentials"
              + (pullSecretName == null
                  ? " (no pullSecretName set)"
                  : " of pull secret " + pullSecretName)
              + ": "
              + e.getMessage());
    } catch (NoMatchingPlatformException | InvalidImageException e) {
      return new ImageCheck.Unavailable(e.getMessage());
    } catch (RegistryException e) {
      return new ImageCheck.Unavailable("registry error: " + describe(e));
    } catch (IOException e) {
      return new ImageCheck.Unavailable(
          "registry " + ref.domain() + " unreachable: " + describe(e));
    }
  }

  /** Connection errors often carry no message; name the error then (and its cause's). */
  private static String describe(Throwable e) {
    if (e.getMessage() != null && !e.getMessage().isBlank()) {
      return e.getMessage();
    }
    return e.getCause() == null
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + " (" + describe(e.getCause()) + ")";
  }
}
