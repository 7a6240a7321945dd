package org.openeuler.nestos.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.openeuler.nestos.ostree.host.Command;
import org.openeuler.nestos.ostree.host.CommandResult;
import org.openeuler.nestos.ostree.host.CommandRunner;
import org.openeuler.nestos.ostree.testing.InMemoryOsHost;

/**
 * The host commands a simulated node answers: {@code systemctl is-active <unit>} (what the daemon's
 * {@code SystemdUnit} health checks run). Every unit is {@code active} unless a fault was injected:
 * failed always, or failed while the node runs a given image (an update that breaks the unit,
 * repaired by a rollback). Any other command exits 127.
 */
public final class SimulatedSystemd implements CommandRunner {

  private final InMemoryOsHost os;
  private final Set<String> failed = ConcurrentHashMap.newKeySet();
  private final Map<String, String> failedOnImageDigest = new ConcurrentHashMap<>();

  SimulatedSystemd(InMemoryOsHost os) {
    this.os = os;
  }

  /** {@code unit} is failed from now on. */
  public void fail(String unit) {
    failed.add(unit);
  }

  /**
   * {@code unit} is failed whenever the booted deployment came from the image with this manifest
   * digest.
   */
  public void failWhenBooted(String unit, String imageDigest) {
    failedOnImageDigest.put(unit, imageDigest);
  }

  public void repair(String unit) {
    failed.remove(unit);
    failedOnImageDigest.remove(unit);
  }

  public boolean active(String unit) {
    return !failed.contains(unit)
        && !os.booted().imageDigest().equals(failedOnImageDigest.getOrDefault(unit, ""));
  }

  @Override
  public CommandResult run(Command command) {
    var argv = command.argv();
    if (argv.size() == 3 && argv.get(0).equals("systemctl") && argv.get(1).equals("is-active")) {
      boolean up = active(argv.get(2));
      return new CommandResult(
          command, up ? 0 : 3, up ? "active\n" : "failed\n", "", Duration.ZERO);
    }
    return new CommandResult(command, 127, "", argv.get(0) + ": not simulated\n", Duration.ZERO);
  }
}
