package org.openeuler.nestos.ostree.host;

import org.openeuler.nestos.ostree.core.rpmostree.RpmOstreeStatus.UpdateDriver;

/**
 * {@code rpm-ostree rebase} would refuse: another update driver (Zincati) is registered with
 * rpm-ostree and its unit is active. Thrown before the rebase runs; the message names the driver
 * and what the admin can do (docs/private-registries.md, "Zincati").
 */
public final class UpdateDriverRegisteredException extends IllegalStateException {

  private final UpdateDriver driver;

  public UpdateDriverRegisteredException(UpdateDriver driver, String activeState) {
    super(
        "rpm-ostree updates on this node are driven by "
            + driver.name()
            + " ("
            + driver.unit()
            + ", "
            + activeState
            + "), and rpm-ostree refuses a rebase while it is registered: stop and disable it"
            + " (systemctl disable --now "
            + driver.unit()
            + ") so this operator drives the OS, or start the node daemon with"
            + " NESTOS_BYPASS_UPDATE_DRIVER=true (rpm-ostree rebase --bypass-driver; both then"
            + " update the node); then restart this node's daemon pod, which stages again at"
            + " start (docs/private-registries.md)");
    this.driver = driver;
  }

  public UpdateDriver driver() {
    return driver;
  }
}
