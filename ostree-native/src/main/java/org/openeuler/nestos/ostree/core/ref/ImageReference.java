package org.openeuler.nestos.ostree.core.ref;

/**
 * A containers-image reference: transport + name. A registry name is a validated, normalised {@link
 * DockerReference}; other transports take the name as written (a path, a storage reference).
 */
public record ImageReference(ImageTransport transport, String name) {

  private static final String REGISTRY_ALIAS = "registry:";

  public ImageReference {
    if (transport == null || name == null || name.isEmpty()) {
      throw new IllegalArgumentException("an image reference needs a transport and a name");
    }
    if (transport == ImageTransport.REGISTRY) {
      name = DockerReference.parse(name).toString();
    }
  }

  public static ImageReference registry(DockerReference reference) {
    return new ImageReference(ImageTransport.REGISTRY, reference.toString());
  }

  /**
   * Parses {@code docker://...}, {@code registry:...}, {@code oci:...} and the other transports.
   */
  public static ImageReference parse(String input) {
    return parse(input, input, 0);
  }

  static ImageReference parse(String input, String text, int offset) {
    if (text.startsWith(REGISTRY_ALIAS)) {
      return registry(
          input, text.substring(REGISTRY_ALIAS.length()), offset + REGISTRY_ALIAS.length());
    }
    for (ImageTransport transport : ImageTransport.values()) {
      if (text.startsWith(transport.prefix())) {
        String name = text.substring(transport.prefix().length());
        int nameAt = offset + transport.prefix().length();
        if (transport == ImageTransport.REGISTRY) {
          return registry(input, name, nameAt);
        }
        if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
          throw new ReferenceFormatException(
              input,
              nameAt,
              "invalid image name",
              "a " + transport.prefix() + " reference needs a non-empty name without spaces");
        }
        return new ImageReference(transport, name);
      }
    }
    if (text.startsWith("docker:")) {
      throw new ReferenceFormatException(
          input, offset + "docker:".length(), "invalid transport", "expected \"docker://\"");
    }
    int colon = text.indexOf(':');
    throw new ReferenceFormatException(
        input,
        offset,
        "unknown transport",
        "\""
            + (colon < 0 ? text : text.substring(0, colon))
            + "\" (expected docker://, registry:, oci:, oci-archive:, "
            + "containers-storage:, dir: or docker-daemon:)");
  }

  private static ImageReference registry(String input, String name, int offset) {
    return registry(DockerReference.parse(input, name, offset));
  }

  /** The docker reference of a registry image; fails for other transports. */
  public DockerReference dockerReference() {
    if (transport != ImageTransport.REGISTRY) {
      throw new IllegalStateException(this + " is not a registry image");
    }
    return DockerReference.parse(name);
  }

  @Override
  public String toString() {
    return transport.prefix() + name;
  }
}
