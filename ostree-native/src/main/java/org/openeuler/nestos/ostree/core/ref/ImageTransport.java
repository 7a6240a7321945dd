package org.openeuler.nestos.ostree.core.ref;

/**
 * The containers-image transports ostree-rs-ext accepts for the image part of an {@link
 * OstreeImageReference} (its {@code Transport} enum). A registry accepts {@code docker://} and
 * {@code registry:} and prints {@code docker://}.
 */
public enum ImageTransport {
  REGISTRY("docker://"),
  OCI_DIR("oci:"),
  OCI_ARCHIVE("oci-archive:"),
  CONTAINERS_STORAGE("containers-storage:"),
  DIR("dir:"),
  DOCKER_DAEMON("docker-daemon:");

  private final String prefix;

  ImageTransport(String prefix) {
    this.prefix = prefix;
  }

  /** What this transport prints before the image name, e.g. {@code docker://}. */
  public String prefix() {
    return prefix;
  }
}
