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

  /** The deployment a rollback would boot: the first one that is neither booted nor staged. */
  public Optional<Deployment> rollback() {
    return deployments.stream().filter(d -> !d.booted() && !d.staged()).findFirst();
  }
}
