package org.openeuler.nestos.ostree.host;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 *       already staged and locked, or booted with nothing staged), then, when the kernel arguments
 *       must change, {@code rpm-ostree kargs --lock-finalization ...} on the pending deployment,
 *       which redeploys it still locked;
 *   <li>finalize: {@code rpm-ostree finalize-deployment <base checksum>}, which unlocks and
 *       reboots;
 *   <li>ensureRemote: {@code ostree remote add/gpg-import --repo=/sysroot/ostree/repo} ({@link
 *       OstreeRemotes});
 *   <li>rollback: {@code rpm-ostree rollback --reboot}; pin: {@code ostree admin pin <index>}
 *       (checksum mapped to the status index); cleanup: {@code rpm-ostree cleanup -p -r} (staged
 *       and unpinned rollback deployments go).
 * </ul>
 */
public final class RpmOstreeHost implements OsHost {

  static final Duration QUICK = Duration.ofMinutes(2);
  static final Duration PULL = Duration.ofMinutes(30);

  /** The system repository, as seen in the host namespace the runner enters. */
  public static final String SYSTEM_REPO = "/sysroot/ostree/repo";

  private final CommandRunner runner;
  private final OstreeRemotes remotes;

  public RpmOstreeHost(CommandRunner runner) {
    this.runner = runner;
    this.remotes = new OstreeRemotes(runner, SYSTEM_REPO);
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
  public OsStatus stage(String imageReference, KernelArgumentEdit kernelArguments) {
    OstreeImageReference target = OstreeImageReference.parse(imageReference);
    RpmOstreeStatus status = rpmOstreeStatus();
    Optional<RpmOstreeDeployment> staged = status.staged();
    boolean stagedMatches =
        staged.filter(d -> d.finalizationLocked() && sameImage(d, target)).isPresent();
    boolean bootedMatches =
        staged.isEmpty() && status.booted().filter(d -> sameImage(d, target)).isPresent();
    if (!stagedMatches && !bootedMatches) {
      run(RpmOstreeCommands.rebaseLocked(target), PULL);
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

  @Override
  public void finalizeAndReboot(String checksum) {
    RpmOstreeDeployment staged =
        rpmOstreeStatus()
            .staged()
            .filter(d -> checksum.equals(d.checksum()) || checksum.equals(d.baseChecksum()))
            .orElseThrow(
                () ->
                    new IllegalStateException("no staged deployment " + checksum + " to finalize"));
    run(RpmOstreeCommands.finalizeDeployment(staged.finalizeChecksum()), QUICK);
  }

  @Override
  public void rollback() {
    if (rpmOstreeStatus().rollback().isEmpty()) {
      throw new IllegalStateException("RollbackUnavailable: no rollback deployment");
    }
    run(RpmOstreeCommands.rollback(true), QUICK);
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
