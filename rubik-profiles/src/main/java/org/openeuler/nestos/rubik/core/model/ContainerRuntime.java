package org.openeuler.nestos.rubik.core.model;

import java.util.Locale;
import java.util.Optional;

/**
 * Container runtimes by {@code containerID} scheme, with the systemd scope prefix each uses.
 * Follows rubik {@code pkg/core/typedef/engine.go} ({@code supportEnginesPrefixMap}, {@code
 * containerEngineScopes}); rubik spells iSulad's scheme {@code iSulad://}, so schemes are matched
 * case-insensitively.
 */
public enum ContainerRuntime {
  DOCKER("docker", "docker"),
  CONTAINERD("containerd", "cri-containerd"),
  CRIO("cri-o", "crio"),
  ISULAD("isulad", "isulad");

  private final String scheme;
  private final String scopePrefix;

  ContainerRuntime(String scheme, String scopePrefix) {
    this.scheme = scheme;
    this.scopePrefix = scopePrefix;
  }

  /** The scheme before {@code ://}, lower case. */
  public String scheme() {
    return scheme;
  }

  /**
   * Prefix of the container's cgroup name: systemd {@code <prefix>-<id>.scope}; cgroupfs uses it
   * for CRI-O only.
   */
  public String scopePrefix() {
    return scopePrefix;
  }

  /** The runtime of a {@code <scheme>://<id>} container ID, if the scheme is known. */
  public static Optional<ContainerRuntime> ofContainerId(String containerId) {
    int sep = containerId == null ? -1 : containerId.indexOf("://");
    if (sep <= 0) {
      return Optional.empty();
    }
    String s = containerId.substring(0, sep).toLowerCase(Locale.ROOT);
    for (ContainerRuntime r : values()) {
      if (r.scheme.equals(s)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** The bare ID after {@code ://}. */
  public static String bareId(String containerId) {
    int sep = containerId.indexOf("://");
    return sep < 0 ? containerId : containerId.substring(sep + 3);
  }
}
