package org.openeuler.nestos.operator.image;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.openeuler.nestos.api.ConditionReason;
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

  /**
   * How long an unreachable registry is not asked again for the same image: each attempt can take
   * the client's timeouts and retries (about 30 s), and a rollout reconciles often.
   */
  static final long UNREACHABLE_RETRY_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

  private final Function<String, RegistryClient> clientForPullSecret;
  private final RegistryCheckSettings settings;
  private final java.util.function.LongSupplier nanoTime;
  private final Map<String, ImageCheck.Available> verified = new ConcurrentHashMap<>();
  private final Map<String, Unreachable> unreachable = new ConcurrentHashMap<>();

  private record Unreachable(ImageCheck check, long at) {}

  /**
   * @param clientForPullSecret a registry client with the credentials of the named pull secret
   *     (null: none)
   */
  public ImageVerifier(Function<String, RegistryClient> clientForPullSecret) {
    this(clientForPullSecret, RegistryCheckSettings.defaults(), System::nanoTime);
  }

  public ImageVerifier(
      Function<String, RegistryClient> clientForPullSecret,
      RegistryCheckSettings settings,
      java.util.function.LongSupplier nanoTime) {
    this.clientForPullSecret = clientForPullSecret;
    this.settings = settings;
    this.nanoTime = nanoTime;
  }

  public ImageCheck check(String osImage, String pullSecretName) {
    if (!settings.enabled()) {
      return new ImageCheck.Unchecked(
          "the operator's registry check is turned off (registry.check=false): the nodes' pulls"
              + " are the only check of "
              + osImage,
          ConditionReason.REGISTRY_CHECK_DISABLED);
    }
    ImageCheck.Available known = verified.get(osImage);
    if (known != null) {
      return known;
    }
    Unreachable recent = unreachable.get(osImage);
    if (recent != null && nanoTime.getAsLong() - recent.at() < UNREACHABLE_RETRY_NANOS) {
      return recent.check();
    }
    ImageCheck result = checkInRegistry(osImage, pullSecretName);
    if (isUnreachable(result)) {
      unreachable.put(osImage, new Unreachable(result, nanoTime.getAsLong()));
    } else {
      unreachable.remove(osImage);
    }
    return result;
  }

  private static boolean isUnreachable(ImageCheck c) {
    ConditionReason code =
        c instanceof ImageCheck.Unchecked u
            ? u.code()
            : c instanceof ImageCheck.Unavailable n ? n.code() : null;
    return code == ConditionReason.REGISTRY_UNREACHABLE;
  }

  private ImageCheck checkInRegistry(String osImage, String pullSecretName) {
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
      // network or TLS: the operator cannot tell whether the nodes can pull
      String message =
          "registry "
              + ref.domain()
              + " unreachable from the operator: "
              + describe(e)
              + (settings.blockOnUnreachable()
                  ? " (registry.onUnreachable=Block: the rollout waits)"
                  : "; the rollout proceeds unchecked (registry.onUnreachable=Proceed), the nodes"
                      + " pull it themselves");
      return settings.blockOnUnreachable()
          ? new ImageCheck.Unavailable(message, ConditionReason.REGISTRY_UNREACHABLE)
          : new ImageCheck.Unchecked(message, ConditionReason.REGISTRY_UNREACHABLE);
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
