package org.openeuler.nestos.ostree.core.rpmostree;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.openeuler.nestos.ostree.core.kargs.KernelArgs;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentEdit;
import org.openeuler.nestos.ostree.core.ref.OstreeImageReference;

/**
 * Exact argument lists for the rpm-ostree, ostree and systemctl commands the node daemon runs
 * (never a shell string). Flag semantics as in rpm-ostree's {@code src/app/rpmostree-builtin-*.cxx}
 * option tables.
 */
public final class RpmOstreeCommands {

  public static final String RPM_OSTREE = "rpm-ostree";

  private RpmOstreeCommands() {}

  /** {@code rpm-ostree status --json}. */
  public static List<String> status() {
    return List.of(RPM_OSTREE, "status", "--json");
  }

  /**
   * {@code rpm-ostree rebase --lock-finalization <ref>}: pulls the image and stages it; the staged
   * deployment is not finalized at shutdown, so an unplanned reboot comes back on the current one
   * (as Zincati stages).
   */
  public static List<String> rebaseLocked(OstreeImageReference reference) {
    return rebaseLocked(reference, false);
  }

  /**
   * {@link #rebaseLocked(OstreeImageReference)}, with {@code --bypass-driver} when {@code
   * bypassDriver}: rebase even though an update driver (Zincati) is registered and active
   * (rpm-ostree src/app/rpmostree-builtin-rebase.cxx option table).
   */
  public static List<String> rebaseLocked(OstreeImageReference reference, boolean bypassDriver) {
    return bypassDriver
        ? List.of(
            RPM_OSTREE, "rebase", "--lock-finalization", "--bypass-driver", reference.toString())
        : List.of(RPM_OSTREE, "rebase", "--lock-finalization", reference.toString());
  }

  /**
   * {@code systemctl show --property=ActiveState --value <unit>}: prints the unit's ActiveState
   * ({@code active}, {@code inactive}, {@code failed}, ...), which rpm-ostree reads to decide
   * whether a registered update driver blocks a rebase.
   */
  public static List<String> unitActiveState(String unit) {
    return List.of("systemctl", "show", "--property=ActiveState", "--value", unit);
  }

  /**
   * {@code rpm-ostree deploy --lock-finalization --skip-branch-check revision=<checksum>} (classic
   * origins).
   */
  public static List<String> deployLocked(String checksum) {
    return List.of(
        RPM_OSTREE, "deploy", "--lock-finalization", "--skip-branch-check", "revision=" + checksum);
  }

  /**
   * {@code rpm-ostree finalize-deployment <checksum>}: unlocks the staged deployment and reboots
   * into it. The checksum is required (else {@code --allow-missing-checksum}) and must equal the
   * staged deployment's base checksum; a staged deployment that is not locked fails unless {@code
   * --allow-unlocked}.
   */
  public static List<String> finalizeDeployment(String checksum) {
    return List.of(RPM_OSTREE, "finalize-deployment", checksum);
  }

  /** {@code rpm-ostree rollback [--reboot]}. */
  public static List<String> rollback(boolean reboot) {
    return reboot ? List.of(RPM_OSTREE, "rollback", "--reboot") : List.of(RPM_OSTREE, "rollback");
  }

  /**
   * {@code rpm-ostree kargs [--lock-finalization] --delete-if-present=<t>...
   * --append[-if-missing]=<t>...}, applied to the pending deployment when there is one (else a new
   * deployment of the booted one). rpm-ostree's {@code --append-if-missing} skips a token whose KEY
   * is present (ostree_kernel_args_contains compares keys), so a token whose key already has
   * another value in {@code targetTokens} (e.g. a second {@code console=}) is passed with {@code
   * --append=}. {@code --lock-finalization} (a hidden flag) keeps the redeployed staged deployment
   * locked.
   */
  public static List<String> kargs(
      KernelArgumentEdit edit, List<String> targetTokens, boolean lockFinalization) {
    List<String> argv = new ArrayList<>(List.of(RPM_OSTREE, "kargs"));
    if (lockFinalization) {
      argv.add("--lock-finalization");
    }
    List<String> remaining = new ArrayList<>(targetTokens);
    remaining.removeAll(edit.deleteIfPresent());
    Set<String> keys = new HashSet<>();
    remaining.forEach(token -> keys.add(KernelArgs.key(token)));
    edit.deleteIfPresent().forEach(token -> argv.add("--delete-if-present=" + token));
    for (String token : edit.appendIfMissing()) {
      argv.add((keys.add(KernelArgs.key(token)) ? "--append-if-missing=" : "--append=") + token);
    }
    return List.copyOf(argv);
  }

  /** {@code --replace=<key>=<old>=<new>} for {@link #kargs}-style commands. */
  public static String replaceArgument(String key, String oldValue, String newValue) {
    return "--replace=" + key + "=" + oldValue + "=" + newValue;
  }

  /** {@code rpm-ostree kargs --replace=<key>=<old>=<new>}. */
  public static List<String> kargsReplace(String key, String oldValue, String newValue) {
    return List.of(RPM_OSTREE, "kargs", replaceArgument(key, oldValue, newValue));
  }

  /** {@code rpm-ostree kargs --deploy-index=<index>}: prints that deployment's kernel arguments. */
  public static List<String> showKargs(int index) {
    return List.of(RPM_OSTREE, "kargs", "--deploy-index=" + index);
  }

  /**
   * {@code rpm-ostree cleanup -p -r}: removes the pending (staged) and the rollback deployment;
   * pinned ones stay.
   */
  public static List<String> cleanup() {
    return List.of(RPM_OSTREE, "cleanup", "-p", "-r");
  }

  /**
   * {@code rpm-ostree cleanup -p}: removes only the pending (staged) deployment (no {@code OsHost}
   * call uses it).
   */
  public static List<String> cleanupPending() {
    return List.of(RPM_OSTREE, "cleanup", "-p");
  }

  /**
   * {@code ostree admin pin <index>}: ostree pins by index in {@code ostree admin status} order,
   * not checksum.
   */
  public static List<String> pin(int index) {
    return List.of("ostree", "admin", "pin", Integer.toString(index));
  }

  /** {@code ostree admin pin --unpin <index>}. */
  public static List<String> unpin(int index) {
    return List.of("ostree", "admin", "pin", "--unpin", Integer.toString(index));
  }

  /** {@code systemctl reboot}. */
  public static List<String> reboot() {
    return List.of("systemctl", "reboot");
  }

  /**
   * {@code cat /proc/sys/kernel/random/boot_id} (read in the host namespace through the runner).
   */
  public static List<String> readBootId() {
    return List.of("cat", "/proc/sys/kernel/random/boot_id");
  }

  /** The running kernel's command line. */
  public static List<String> readKernelCommandLine() {
    return List.of("cat", "/proc/cmdline");
  }
}
