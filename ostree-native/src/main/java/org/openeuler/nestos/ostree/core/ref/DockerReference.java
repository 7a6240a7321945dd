package org.openeuler.nestos.ostree.core.ref;

import java.util.regex.Pattern;
import org.openeuler.nestos.ostree.core.image.OciDigest;

/**
 * A plain docker reference {@code [registry[:port]/]path[:tag][@digest]}, normalised the way
 * containers/image and distribution/reference do: no registry means {@code docker.io}, a single
 * path segment on {@code docker.io} gets {@code library/}, {@code index.docker.io} is {@code
 * docker.io}.
 *
 * @param domain registry host with optional port, normalised
 * @param path repository path, normalised (lowercase segments)
 * @param tag the tag, or null
 * @param digest the manifest digest, or null
 */
public record DockerReference(String domain, String path, String tag, OciDigest digest) {

  public static final String DOCKER_HUB = "docker.io";
  private static final String OFFICIAL_PREFIX = "library/";
  private static final int MAX_NAME_LENGTH = 255;
  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern HOST_LABEL =
      Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?");
  private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-fA-F:.]+]");
  private static final Pattern TAG = Pattern.compile("\\w[\\w.-]{0,127}");

  public DockerReference {
    if (domain == null || domain.isEmpty() || path == null || path.isEmpty()) {
      throw new IllegalArgumentException("a docker reference needs a domain and a path");
    }
    if (domain.equals("index.docker.io")) {
      domain = DOCKER_HUB;
    }
    if (domain.equals(DOCKER_HUB) && path.indexOf('/') < 0) {
      path = OFFICIAL_PREFIX + path;
    }
  }

  /**
   * Parses and validates {@code input}; throws {@link ReferenceFormatException} naming what and
   * where.
   */
  public static DockerReference parse(String input) {
    return parse(input, input, 0);
  }

  /**
   * Parses {@code text} found at {@code offset} inside {@code input} (for positions inside
   * transport forms).
   */
  static DockerReference parse(String input, String text, int offset) {
    if (text.isEmpty()) {
      throw new ReferenceFormatException(
          input, offset, "invalid reference", "the image name is empty");
    }
    OciDigest digest = null;
    String rest = text;
    int at = text.indexOf('@');
    if (at >= 0) {
      digest = parseDigest(input, text.substring(at + 1), offset + at + 1);
      rest = text.substring(0, at);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      if (!TAG.matcher(tag).matches()) {
        throw new ReferenceFormatException(
            input,
            offset + colon + 1,
            "invalid tag",
            "expected [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}, got \"" + tag + "\"");
      }
      rest = rest.substring(0, colon);
    }
    if (rest.length() > MAX_NAME_LENGTH) {
      throw new ReferenceFormatException(
          input,
          offset,
          "invalid name",
          "longer than " + MAX_NAME_LENGTH + " characters (" + rest.length() + ")");
    }
    int slash = rest.indexOf('/');
    String domain = DOCKER_HUB;
    String path = rest;
    int pathStart = offset;
    if (slash >= 0 && looksLikeDomain(rest.substring(0, slash))) {
      domain = rest.substring(0, slash);
      checkDomain(input, domain, offset);
      path = rest.substring(slash + 1);
      pathStart = offset + slash + 1;
    }
    checkPath(input, path, pathStart);
    return new DockerReference(domain, path, tag, digest);
  }

  /**
   * {@code sha256:<64 hex>} (the only algorithm the module verifies); errors name the position in
   * {@code input}.
   */
  private static OciDigest parseDigest(String input, String text, int offset) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new ReferenceFormatException(
          input, offset, "invalid digest", "expected <algorithm>:<hex>, got \"" + text + "\"");
    }
    String algorithm = text.substring(0, colon);
    if (!OciDigest.PREFIX.equals(algorithm + ":")) {
      throw new ReferenceFormatException(
          input,
          offset,
          "invalid digest",
          "unsupported algorithm \"" + algorithm + "\" (expected sha256)");
    }
    String hex = text.substring(colon + 1);
    int hexStart = offset + colon + 1;
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw new ReferenceFormatException(
            input,
            hexStart + i,
            "invalid digest",
            "expected a lowercase hex character, got '" + c + "'");
      }
    }
    if (hex.length() != 64) {
      throw new ReferenceFormatException(
          input, hexStart, "invalid digest", "expected 64 hex characters, got " + hex.length());
    }
    return new OciDigest(hex);
  }

  private static boolean looksLikeDomain(String first) {
    return first.contains(".")
        || first.contains(":")
        || first.equals("localhost")
        || !first.equals(first.toLowerCase());
  }

  private static void checkDomain(String input, String domain, int offset) {
    String host = domain;
    int portColon =
        domain.startsWith("[") ? domain.indexOf(':', domain.indexOf(']')) : domain.indexOf(':');
    if (portColon >= 0) {
      String port = domain.substring(portColon + 1);
      if (port.isEmpty() || !port.chars().allMatch(Character::isDigit) || port.length() > 5) {
        throw new ReferenceFormatException(
            input,
            offset + portColon + 1,
            "invalid registry port",
            "expected digits, got \"" + port + "\"");
      }
      host = domain.substring(0, portColon);
    }
    if (IPV6.matcher(host).matches()) {
      return;
    }
    int pos = offset;
    for (String label : host.split("\\.", -1)) {
      if (!HOST_LABEL.matcher(label).matches()) {
        throw new ReferenceFormatException(
            input, pos, "invalid registry host", "\"" + label + "\" is not a host name label");
      }
      pos += label.length() + 1;
    }
  }

  private static void checkPath(String input, String path, int offset) {
    int pos = offset;
    for (String component : path.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        throw new ReferenceFormatException(
            input, pos + firstBadChar(component), "invalid repository path", describe(component));
      }
      pos += component.length() + 1;
    }
  }

  private static int firstBadChar(String component) {
    for (int i = 0; i < component.length(); i++) {
      char c = component.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) {
        return i;
      }
    }
    return 0;
  }

  private static String describe(String component) {
    if (component.isEmpty()) {
      return "empty path segment";
    }
    if (!component.equals(component.toLowerCase())) {
      return "repository name must be lowercase, got \"" + component + "\"";
    }
    return "\""
        + component
        + "\" must be lowercase letters and digits joined by '.', '_', '__' or '-'";
  }

  /** {@code domain/path}, e.g. {@code docker.io/library/busybox}. */
  public String name() {
    return domain + "/" + path;
  }

  /** The short form people type: {@code busybox} for {@code docker.io/library/busybox}. */
  public String familiarName() {
    if (!domain.equals(DOCKER_HUB)) {
      return name();
    }
    String shortPath =
        path.startsWith(OFFICIAL_PREFIX) ? path.substring(OFFICIAL_PREFIX.length()) : path;
    int slash = shortPath.indexOf('/');
    return slash >= 0 && looksLikeDomain(shortPath.substring(0, slash)) ? name() : shortPath;
  }

  /** The familiar form with tag and digest, e.g. {@code busybox:1.36@sha256:...}. */
  public String familiarString() {
    return familiarName() + suffix();
  }

  public boolean hasDigest() {
    return digest != null;
  }

  public DockerReference withDigest(OciDigest newDigest) {
    return new DockerReference(domain, path, tag, newDigest);
  }

  public DockerReference withTag(String newTag) {
    return new DockerReference(domain, path, newTag, digest);
  }

  public DockerReference withoutTag() {
    return new DockerReference(domain, path, null, digest);
  }

  /** The repository alone (no tag, no digest), e.g. for blobs. */
  public DockerReference repositoryOnly() {
    return new DockerReference(domain, path, null, null);
  }

  private String suffix() {
    return (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }

  /** The fully qualified form, e.g. {@code docker.io/library/busybox:1.36@sha256:...}. */
  @Override
  public String toString() {
    return name() + suffix();
  }
}
