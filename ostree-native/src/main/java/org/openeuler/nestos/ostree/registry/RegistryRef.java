package org.openeuler.nestos.ostree.registry;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the registry client addresses: {@code registry} host[:port], {@code repository} path, and a tag and/or
 * digest (both may be absent when only the repository matters, e.g. for blobs). Minimal on purpose; the full
 * reference grammar lives in {@code core.ref}.
 */
public record RegistryRef(String registry, String repository, String tag, String digest) {

  private static final Pattern REPOSITORY =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+(?::[0-9]{1,5})?|\\[[0-9a-fA-F:]+](?::[0-9]{1,5})?");

  public RegistryRef {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    if (!HOST.matcher(registry).matches()) {
      throw new IllegalArgumentException("invalid registry host '" + registry + "'");
    }
    if (!REPOSITORY.matcher(repository).matches()) {
      throw new IllegalArgumentException("invalid repository '" + repository + "' (lower-case path components)");
    }
    if (tag != null && !TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("invalid tag '" + tag + "'");
    }
    if (digest != null) {
      Digests.requireValid(digest);
    }
  }

  /**
   * Parses {@code host[:port]/repo/path[:tag][@sha256:hex]}. The first path component is always the registry
   * host; there is no default registry here.
   */
  public static RegistryRef parse(String text) {
    Objects.requireNonNull(text, "reference");
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      throw new IllegalArgumentException("reference '" + text + "' needs host/repository");
    }
    String host = text.substring(0, slash);
    String rest = text.substring(slash + 1);
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon >= 0 && colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    return new RegistryRef(host, rest, tag, digest);
  }

  /** The same repository, by digest (the tag is dropped). */
  public RegistryRef withDigest(String newDigest) {
    return new RegistryRef(registry, repository, null, newDigest);
  }

  /** The same repository, by tag (the digest is dropped). */
  public RegistryRef withTag(String newTag) {
    return new RegistryRef(registry, repository, newTag, null);
  }

  /** The same repository without tag or digest. */
  public RegistryRef repositoryOnly() {
    return new RegistryRef(registry, repository, null, null);
  }

  /** What goes into {@code /v2/<name>/manifests/<reference>}: the digest if present, else the tag. */
  public String reference() {
    if (digest != null) {
      return digest;
    }
    if (tag != null) {
      return tag;
    }
    throw new IllegalStateException(this + " has neither tag nor digest");
  }

  @Override
  public String toString() {
    return registry + "/" + repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
  }
}
