package org.openeuler.nestos.ostree.core.ref;

import org.openeuler.nestos.ostree.core.ref.SignatureSource.Verification;

/**
 * An image reference as {@code rpm-ostree rebase} takes it (ostree-rs-ext {@code
 * OstreeImageReference}): a signature source plus a containers-image reference. Accepted forms:
 *
 * <ul>
 *   <li>{@code ostree-unverified-registry:<docker-ref>}
 *   <li>{@code ostree-unverified-image:<transport><name>}
 *   <li>{@code ostree-remote-registry:<remote>:<docker-ref>}
 *   <li>{@code ostree-remote-image:<remote>:<transport><name>}
 *   <li>{@code ostree-image-signed:<transport><name>}
 * </ul>
 *
 * where the transport is {@code docker://} (or {@code registry:}), {@code oci:}, {@code
 * oci-archive:}, {@code containers-storage:}, {@code dir:} or {@code docker-daemon:}. Equality is
 * semantic: the shorthand and long forms of the same reference are equal, and registry names are
 * normalised. {@link #toString()} prints the shortest form, which parses back to an equal value.
 */
public record OstreeImageReference(SignatureSource signature, ImageReference image) {

  static final String UNVERIFIED_REGISTRY = "ostree-unverified-registry:";
  static final String UNVERIFIED_IMAGE = "ostree-unverified-image:";
  static final String REMOTE_REGISTRY = "ostree-remote-registry:";
  static final String REMOTE_IMAGE = "ostree-remote-image:";
  static final String IMAGE_SIGNED = "ostree-image-signed:";

  public OstreeImageReference {
    if (signature == null || image == null) {
      throw new IllegalArgumentException("signature source and image are required");
    }
  }

  /**
   * Parses any of the accepted forms; throws {@link ReferenceFormatException} naming what and
   * where.
   */
  public static OstreeImageReference parse(String input) {
    if (input == null) {
      throw new IllegalArgumentException("image reference is null");
    }
    if (input.startsWith(UNVERIFIED_REGISTRY)) {
      int at = UNVERIFIED_REGISTRY.length();
      return new OstreeImageReference(
          SignatureSource.UNVERIFIED,
          ImageReference.registry(DockerReference.parse(input, input.substring(at), at)));
    }
    if (input.startsWith(UNVERIFIED_IMAGE)) {
      int at = UNVERIFIED_IMAGE.length();
      return new OstreeImageReference(
          SignatureSource.UNVERIFIED, ImageReference.parse(input, input.substring(at), at));
    }
    if (input.startsWith(IMAGE_SIGNED)) {
      int at = IMAGE_SIGNED.length();
      return new OstreeImageReference(
          SignatureSource.CONTAINER_POLICY, ImageReference.parse(input, input.substring(at), at));
    }
    if (input.startsWith(REMOTE_REGISTRY)) {
      int at = REMOTE_REGISTRY.length();
      int colon = remoteEnd(input, at);
      return new OstreeImageReference(
          SignatureSource.ostreeRemote(input.substring(at, colon)),
          ImageReference.registry(
              DockerReference.parse(input, input.substring(colon + 1), colon + 1)));
    }
    if (input.startsWith(REMOTE_IMAGE)) {
      int at = REMOTE_IMAGE.length();
      int colon = remoteEnd(input, at);
      return new OstreeImageReference(
          SignatureSource.ostreeRemote(input.substring(at, colon)),
          ImageReference.parse(input, input.substring(colon + 1), colon + 1));
    }
    int colon = input.indexOf(':');
    throw new ReferenceFormatException(
        input,
        0,
        "unknown signature source",
        "\""
            + (colon < 0 ? input : input.substring(0, colon))
            + "\" (expected ostree-unverified-registry, "
            + "ostree-unverified-image, ostree-remote-registry, ostree-remote-image or ostree-image-signed)");
  }

  private static int remoteEnd(String input, int start) {
    int colon = input.indexOf(':', start);
    if (colon < 0) {
      throw new ReferenceFormatException(
          input, input.length(), "missing ':'", "expected <remote>:<image>");
    }
    String remote = input.substring(start, colon);
    if (!SignatureSource.isValidRemote(remote)) {
      throw new ReferenceFormatException(
          input,
          start,
          "invalid ostree remote name",
          "expected [A-Za-z0-9][A-Za-z0-9._-]*, got \"" + remote + "\"");
    }
    return colon;
  }

  /**
   * The transport form rpm-ostree needs for a plain {@code repo@sha256:...} reference under {@code
   * policy}.
   */
  public static OstreeImageReference forPolicy(String plainReference, ImagePolicy policy) {
    DockerReference reference = pinned(plainReference, DockerReference.parse(plainReference));
    SignatureSource signature =
        switch (policy.kind()) {
          case UNVERIFIED -> SignatureSource.UNVERIFIED;
          case OSTREE_REMOTE -> SignatureSource.ostreeRemote(policy.remote());
          case CONTAINERS_POLICY -> SignatureSource.CONTAINER_POLICY;
        };
    return new OstreeImageReference(signature, ImageReference.registry(reference));
  }

  /**
   * The registry image a node deploys: {@code input} in any transport form above, or plain ({@code
   * docker://...}, {@code registry:...}, {@code repo@sha256:...}). Refused, before any download,
   * when it is not a registry image or not pinned by digest (a tag is mutable).
   */
  public static DockerReference pinnedRegistryImage(String input) {
    ImageReference image =
        input.startsWith("ostree-")
            ? parse(input).image()
            : input.contains("://") || input.startsWith("registry:")
                ? ImageReference.parse(input)
                : ImageReference.registry(DockerReference.parse(input));
    if (image.transport() != ImageTransport.REGISTRY) {
      throw new ReferenceFormatException(
          input,
          0,
          "not a registry image",
          "only registry images can be pulled (" + image.transport().prefix() + ")");
    }
    return pinned(input, image.dockerReference());
  }

  private static DockerReference pinned(String input, DockerReference reference) {
    if (!reference.hasDigest()) {
      throw new ReferenceFormatException(
          input,
          input.length(),
          "missing digest",
          "the image is not pinned by digest (a tag is mutable): use <repo>@sha256:<64 hex>");
    }
    return reference;
  }

  /** The docker reference, when the image comes from a registry. */
  public DockerReference dockerReference() {
    return image.dockerReference();
  }

  @Override
  public String toString() {
    boolean registry = image.transport() == ImageTransport.REGISTRY;
    return switch (signature.verification()) {
      case UNVERIFIED -> registry ? UNVERIFIED_REGISTRY + image.name() : UNVERIFIED_IMAGE + image;
      case OSTREE_REMOTE ->
          registry
              ? REMOTE_REGISTRY + signature.remote() + ":" + image.name()
              : REMOTE_IMAGE + signature.remote() + ":" + image;
      case CONTAINER_POLICY -> IMAGE_SIGNED + image;
    };
  }

  /** Whether the signature is checked at all. */
  public boolean verified() {
    return signature.verification() != Verification.UNVERIFIED;
  }
}
