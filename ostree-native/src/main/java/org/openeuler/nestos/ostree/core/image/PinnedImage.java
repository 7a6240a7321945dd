package org.openeuler.nestos.ostree.core.image;

import java.util.List;

/**
 * The importer's view of an image reference: registry, repository and manifest digest. Accepts plain
 * {@code host[:port]/path@sha256:...} and rpm-ostree's transport forms; anything not pinned by digest (a tag) is
 * refused here, before any download.
 *
 * @param transport the rpm-ostree transport prefix as given (empty for a plain reference)
 * @param registry registry host[:port] ({@code docker.io} when omitted)
 * @param repository repository path inside the registry
 * @param digest the manifest digest
 */
public record PinnedImage(String transport, String registry, String repository, OciDigest digest) {

  private static final List<String> PREFIXES = List.of("ostree-unverified-registry:",
      "ostree-unverified-image:docker://", "ostree-image-signed:docker://", "docker://");

  public static PinnedImage parse(String reference) {
    if (reference == null || reference.isBlank()) {
      throw new IllegalArgumentException("empty image reference");
    }
    String rest = reference;
    String transport = "";
    for (String p : PREFIXES) {
      if (rest.startsWith(p)) {
        transport = p;
        rest = rest.substring(p.length());
        break;
      }
    }
    if (transport.isEmpty() && rest.startsWith("ostree-remote-")) {
      int at = rest.indexOf(':', rest.indexOf(':') + 1);
      transport = rest.substring(0, at + 1);
      rest = rest.substring(at + 1);
      if (rest.startsWith("docker://")) {
        transport += "docker://";
        rest = rest.substring("docker://".length());
      }
    }
    int at = rest.indexOf('@');
    if (at < 0) {
      throw new IllegalArgumentException("image reference " + reference
          + " is not pinned by digest (a tag is mutable): use <repo>@sha256:<64 hex>");
    }
    OciDigest digest = OciDigest.parse(rest.substring(at + 1));
    String name = rest.substring(0, at);
    int tagColon = name.lastIndexOf(':');
    if (tagColon > name.lastIndexOf('/')) {
      name = name.substring(0, tagColon);
    }
    int slash = name.indexOf('/');
    String first = slash < 0 ? "" : name.substring(0, slash);
    boolean hasRegistry = first.contains(".") || first.contains(":") || first.equals("localhost");
    String registry = hasRegistry ? first : "docker.io";
    String repository = hasRegistry ? name.substring(slash + 1) : (slash < 0 ? "library/" + name : name);
    if (repository.isEmpty() || !repository.matches("[a-z0-9]+([._/-]+[a-z0-9]+)*")) {
      throw new IllegalArgumentException("image reference " + reference + ": invalid repository '" + repository + "'");
    }
    return new PinnedImage(transport, registry, repository, digest);
  }

  @Override
  public String toString() {
    return transport + registry + "/" + repository + "@" + digest;
  }
}
