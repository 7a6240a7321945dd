package org.openeuler.nestos.ostree.host;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openeuler.nestos.ostree.core.kargs.KernelArgs;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentDiff;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentEdit;
import org.openeuler.nestos.ostree.core.ref.OstreeImageReference;
import org.openeuler.nestos.ostree.core.rpmostree.RpmOstreeCommands;
import org.openeuler.nestos.ostree.core.rpmostree.RpmOstreeDeployment;
import org.openeuler.nestos.ostree.core.rpmostree.RpmOstreeStatus;
import org.openeuler.nestos.ostree.core.rpmostree.RpmOstreeStatusParser;
import org.openeuler.nestos.ostree.core.status.OsStatus;

/**
 * {@link OsHost} on NestOS through rpm-ostree (run by the {@link CommandRunner}, in the host
 * namespace):
 *
 * <ul>
 *   <li>status: {@code rpm-ostree status --json} plus {@code rpm-ostree kargs --deploy-index=<i>}
 *       per deployment (the status JSON has no kernel arguments);
 *   <li>stage: {@code rpm-ostree rebase --lock-finalization <ref>} (skipped when that image is
 *       already staged and locked, or booted with nothing staged; refused first with {@link
 *       UpdateDriverRegisteredException} while an update driver such as Zincati is registered and
 *       its unit active, unless built to bypass it with {@code --bypass-driver}), then, when the
 *       kernel arguments must change, {@code rpm-ostree kargs --lock-finalization ...} on the
 *       pending deployment, which redeploys it still locked;
 *   <li>finalize: {@code rpm-ostree finalize-deployment <base checksum>}, which unlocks and reboots
 *       ({@code systemctl reboot} when a killed finalize already unlocked it);
 *   <li>ensureRemote: {@code ostree remote add/gpg-import --repo=/sysroot/ostree/repo} ({@link
 *       OstreeRemotes});
 *   <li>rollback: {@code rpm-ostree rollback --reboot} ({@code systemctl reboot} when a killed
 *       rollback already swapped); pin: {@code ostree admin pin <index>} (checksum mapped to the
 *       status index); cleanup: {@code rpm-ostree cleanup -p -r} (staged and unpinned rollback
 *       deployments go).
 * </ul>
 */
public final class RpmOstreeHost implements OsHost {

  static final Duration QUICK = Duration.ofMinutes(2);
  static final Duration PULL = Duration.ofMinutes(30);

  /** The system repository, as seen in the host namespace the runner enters. */
  public static final String SYSTEM_REPO = "/sysroot/ostree/repo";

  /**
   * The ActiveStates in which rpm-ostree counts a registered driver as driving updates ("failed"
   * included, so a crashed driver is not ignored): rpm-ostree src/app/rpmostree-clientlib.cxx
   * {@code check_sd_unit_state_is_active}.
   */
  static final Set<String> DRIVER_ACTIVE_STATES =
      Set.of("active", "activating", "reloading", "failed");

  private final CommandRunner runner;
  private final OstreeRemotes remotes;
  private final boolean bypassUpdateDriver;

  public RpmOstreeHost(CommandRunner runner) {
    this(runner, false);
  }

  /**
   * @param bypassUpdateDriver rebase with {@code --bypass-driver} even while another update driver
   *     (Zincati) is registered and active; off by default, where staging fails first with {@link
   *     UpdateDriverRegisteredException} (docs/private-registries.md)
   */
  public RpmOstreeHost(CommandRunner runner, boolean bypassUpdateDriver) {
    this.runner = runner;
    this.remotes = new OstreeRemotes(runner, SYSTEM_REPO);
    this.bypassUpdateDriver = bypassUpdateDriver;
  }

  /** The rpm-ostree view (indexes, base checksums, origins), without kernel arguments. */
  public RpmOstreeStatus rpmOstreeStatus() {
    return RpmOstreeStatusParser.parse(run(RpmOstreeCommands.status(), QUICK).stdout());
  }

  @Override
  public OsStatus status() {
    RpmOstreeStatus status = rpmOstreeStatus();
    Map<Integer, List<String>> kargs = new HashMap<>();
    for (RpmOstreeDeployment deployment : status.deployments()) {
      kargs.put(deployment.index(), kargsOf(deployment.index()));
    }
    return status.toOsStatus(kargs);
  }

  private List<String> kargsOf(int index) {
    return KernelArgs.tokenize(run(RpmOstreeCommands.showKargs(index), QUICK).stdout());
  }

  @Override
  public String bootId() {
    return run(RpmOstreeCommands.readBootId(), QUICK).stdout().strip();
  }

  @Override
  public List<String> kernelCommandLine() {
    return KernelArgs.parseProcCmdline(
        run(RpmOstreeCommands.readKernelCommandLine(), QUICK).stdout());
  }

  @Override
  public OsStatus stage(String imageReference, KernelArgumentEdit kernelArguments) {
    OstreeImageReference target = OstreeImageReference.parse(imageReference);
    RpmOstreeStatus status = rpmOstreeStatus();
    Optional<RpmOstreeDeployment> staged = status.staged();
    boolean stagedMatches =
        staged.filter(d -> d.finalizationLocked() && sameImage(d, target)).isPresent();
    boolean bootedMatches =
        staged.isEmpty() && status.booted().filter(d -> sameImage(d, target)).isPresent();
    if (!stagedMatches && !bootedMatches) {
      if (!bypassUpdateDriver) {
        refuseIfDriverActive(status.updateDriver());
      }
      run(RpmOstreeCommands.rebaseLocked(target, bypassUpdateDriver), PULL);
      status = rpmOstreeStatus();
    }
    if (!kernelArguments.isEmpty()) {
      RpmOstreeDeployment base =
          status
              .staged()
              .or(status::booted)
              .orElseThrow(
                  () -> new IllegalStateException("no staged or booted deployment to edit"));
      List<String> tokens = kargsOf(base.index());
      if (!KernelArgumentDiff.apply(tokens, kernelArguments).equals(tokens)) {
        run(RpmOstreeCommands.kargs(kernelArguments, tokens, true), PULL);
      }
    }
    return status();
  }

  /**
   * What rpm-ostree's {@code error_if_driver_registered} checks, done first so the refusal is a
   * typed error naming the driver instead of a failed rebase: a registered driver whose unit is in
   * an active state. A driver whose unit is inactive (disabled and stopped; its registration in
   * /run stays until reboot) does not block.
   */
  private void refuseIfDriverActive(RpmOstreeStatus.UpdateDriver driver) {
    if (driver == null) {
      return;
    }
    String state = run(RpmOstreeCommands.unitActiveState(driver.unit()), QUICK).stdout().strip();
    if (DRIVER_ACTIVE_STATES.contains(state)) {
      throw new UpdateDriverRegisteredException(driver, state);
    }
  }

  private static boolean sameImage(RpmOstreeDeployment deployment, OstreeImageReference target) {
    if (deployment.containerImageReference() == null) {
      return false;
    }
    try {
      return OstreeImageReference.parse(deployment.containerImageReference()).equals(target);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** {@inheritDoc} With the {@code ostree} CLI on {@link #SYSTEM_REPO} ({@link OstreeRemotes}). */
  @Override
  public RemoteSetup ensureRemote(String name, List<String> armoredKeys) {
    return remotes.ensure(name, armoredKeys);
  }

  /**
   * {@inheritDoc} Recognises a finalize that already ran (docs/decisions.md §14): a staged
   * deployment of {@code checksum} that is no longer locked, or a pending (finalized, not staged)
   * one, only needs the reboot ({@code systemctl reboot}); {@code finalize-deployment} would refuse
   * the unlocked one.
   */
  @Override
  public void finalizeAndReboot(String checksum) {
    RpmOstreeStatus status = rpmOstreeStatus();
    Optional<RpmOstreeDeployment> staged = status.staged().filter(d -> is(d, checksum));
    if (staged.isPresent() && staged.get().finalizationLocked()) {
      run(RpmOstreeCommands.finalizeDeployment(staged.get().finalizeChecksum()), QUICK);
    } else if (staged.isPresent() || status.pending().filter(d -> is(d, checksum)).isPresent()) {
      run(RpmOstreeCommands.reboot(), QUICK);
    } else {
      throw new IllegalStateException("no staged deployment " + checksum + " to finalize");
    }
  }

  private static boolean is(RpmOstreeDeployment d, String checksum) {
    return checksum.equals(d.checksum()) || checksum.equals(d.baseChecksum());
  }

  /**
   * {@inheritDoc} Recognises a rollback that already swapped (docs/decisions.md §14): with a
   * pending deployment ahead of the booted one (the daemon rolls back only from a booted default),
   * only the reboot is left ({@code systemctl reboot}); {@code rpm-ostree rollback} again would
   * swap back to the failing deployment.
   */
  @Override
  public void rollback() {
    RpmOstreeStatus status = rpmOstreeStatus();
    if (status.pending().isPresent()) {
      run(RpmOstreeCommands.reboot(), QUICK);
      return;
    }
    if (status.rollback().isEmpty()) {
      throw new IllegalStateException("RollbackUnavailable: no rollback deployment");
    }
    run(RpmOstreeCommands.rollback(true), QUICK);
  }

  @Override
  public void makeBootedDefault() {
    RpmOstreeStatus status = rpmOstreeStatus();
    if (status.deployments().isEmpty() || status.deployments().get(0).booted()) {
      return;
    }
    // GRUB booted deployments[1]: `rpm-ostree rollback` swaps the first two, without --reboot
    run(RpmOstreeCommands.rollback(false), QUICK);
  }

  @Override
  public void pin(String checksum) {
    RpmOstreeStatus status = rpmOstreeStatus();
    int index =
        status
            .indexOf(checksum)
            .orElseThrow(() -> new IllegalStateException("no deployment " + checksum + " to pin"));
    if (!status.deployments().get(index).pinned()) {
      run(RpmOstreeCommands.pin(index), QUICK);
    }
  }

  @Override
  public void cleanup() {
    run(RpmOstreeCommands.cleanup(), QUICK);
  }

  private CommandResult run(List<String> argv, Duration timeout) {
    return runner.run(Command.of(argv).withTimeout(timeout)).orThrow();
  }
}
