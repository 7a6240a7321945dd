package org.openeuler.nestos.ostree.core.rpmostree;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openeuler.nestos.ostree.core.status.Deployment;
import org.openeuler.nestos.ostree.core.status.OsStatus;

/**
 * Parsed {@code rpm-ostree status --json}: deployments in boot order and the registered update
 * driver ({@code update-driver}, null when none is registered).
 */
public record RpmOstreeStatus(List<RpmOstreeDeployment> deployments, UpdateDriver updateDriver) {

  public RpmOstreeStatus {
    deployments = List.copyOf(deployments);
  }

  public RpmOstreeStatus(List<RpmOstreeDeployment> deployments) {
    this(deployments, null);
  }

  /**
   * An agent registered as rpm-ostree's update driver (Zincati on Fedora CoreOS/NestOS): {@code
   * rpm-ostree status --json} prints {@code "update-driver": {"driver-name": ..., "driver-sd-unit":
   * ...}} (rpm-ostree src/app/rpmostree-builtin-status.cxx, keys from
   * src/daemon/rpmostreed-daemon.h). While its systemd unit is active, {@code rpm-ostree
   * rebase/deploy/upgrade} refuse to run without {@code --bypass-driver}
   * (src/app/rpmostree-clientlib.cxx {@code error_if_driver_registered}).
   *
   * @param name the driver's name ({@code driver-name}, e.g. {@code Zincati})
   * @param unit its systemd unit ({@code driver-sd-unit}, e.g. {@code zincati.service})
   */
  public record UpdateDriver(String name, String unit) {}

  public Optional<RpmOstreeDeployment> booted() {
    return deployments.stream().filter(RpmOstreeDeployment::booted).findFirst();
  }

  public Optional<RpmOstreeDeployment> staged() {
    return deployments.stream().filter(RpmOstreeDeployment::staged).findFirst();
  }

  /**
   * A non-staged deployment ahead of the booted one: the default for the next boot that is not the
   * booted one.
   */
  public Optional<RpmOstreeDeployment> pending() {
    return deployments.stream().takeWhile(d -> !d.booted()).filter(d -> !d.staged()).findFirst();
  }

  /** The first deployment after the booted one: what {@code rpm-ostree rollback} boots. */
  public Optional<RpmOstreeDeployment> rollback() {
    return deployments.stream().dropWhile(d -> !d.booted()).skip(1).findFirst();
  }

  /** The index of the deployment with this checksum (or base checksum). */
  public Optional<Integer> indexOf(String checksum) {
    return deployments.stream()
        .filter(d -> checksum.equals(d.checksum()) || checksum.equals(d.baseChecksum()))
        .map(RpmOstreeDeployment::index)
        .findFirst();
  }

  /**
   * The port's view, with each deployment's kernel arguments by index (rpm-ostree status has none).
   */
  public OsStatus toOsStatus(Map<Integer, List<String>> kernelArgumentsByIndex) {
    return new OsStatus(
        deployments.stream()
            .map(
                d ->
                    new Deployment(
                        d.checksum(),
                        d.version(),
                        d.containerImageReference(),
                        d.containerImageReferenceDigest(),
                        d.booted(),
                        d.staged(),
                        d.finalizationLocked(),
                        d.pinned(),
                        kernelArgumentsByIndex.getOrDefault(d.index(), List.of())))
            .toList());
  }
}
