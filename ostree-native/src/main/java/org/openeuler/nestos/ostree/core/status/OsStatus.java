package org.openeuler.nestos.ostree.core.status;

import java.util.List;
import java.util.Optional;

/**
 * The host's deployments in boot-menu order (first = default for the next boot), plus the booted
 * one and the rollback target derived from them.
 */
public record OsStatus(List<Deployment> deployments) {

  public OsStatus {
    deployments = List.copyOf(deployments);
  }

  public Optional<Deployment> booted() {
    return deployments.stream().filter(Deployment::booted).findFirst();
  }

  public Optional<Deployment> staged() {
    return deployments.stream().filter(Deployment::staged).findFirst();
  }

  /**
   * A deployment ahead of the booted one that is not staged: the default for the next boot when it
   * is not the booted one (after a finalize or a rollback whose reboot did not happen yet).
   */
  public Optional<Deployment> pending() {
    if (booted().isEmpty()) {
      return Optional.empty();
    }
    return deployments.stream().takeWhile(d -> !d.booted()).filter(d -> !d.staged()).findFirst();
  }

  /**
   * The deployment a rollback would boot: the first non-staged one after the booted one ({@code
   * rpm-ostree rollback}); a deployment ahead of the booted one is {@link #pending}, not a
   * rollback. Without a booted deployment, the first one that is neither booted nor staged.
   */
  public Optional<Deployment> rollback() {
    if (booted().isEmpty()) {
      return deployments.stream().filter(d -> !d.staged()).findFirst();
    }
    return deployments.stream()
        .dropWhile(d -> !d.booted())
        .skip(1)
        .filter(d -> !d.staged())
        .findFirst();
  }
}
