package org.openeuler.nestos.ostree.host;

import java.util.List;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentEdit;
import org.openeuler.nestos.ostree.core.status.OsStatus;

/**
 * What the node daemon does to the host OS (docs/design.md §4.2–4.7). Backends: {@code
 * RpmOstreeHost} (NestOS), {@code OstreeSysrootHost} (Debian ostree on a sysroot directory, for
 * real tests), a fake for unit tests.
 */
public interface OsHost {

  OsStatus status();

  /**
   * The current boot's id ({@code /proc/sys/kernel/random/boot_id}; simulated by the sysroot
   * backend).
   */
  String bootId();

  /**
   * The running kernel's own arguments ({@code /proc/cmdline}, up to a bare {@code --}): what the
   * boot loader really passed. Verification after a reboot compares the kernel arguments it wanted
   * against these, not against the deployment's boot entry (a stale or hand-edited entry boots the
   * new deployment with other arguments).
   */
  List<String> kernelCommandLine();

  /**
   * Pulls {@code imageReference} (transport form, pinned by digest) and stages it with finalization
   * locked, with the kernel-argument edit applied to the staged deployment. An unplanned reboot
   * still boots the current deployment. Staging the image that is already staged (same checksum and
   * kargs) is a no-op.
   */
  OsStatus stage(String imageReference, KernelArgumentEdit kernelArguments);

  /**
   * Makes sure ostree remote {@code name} exists in the host's repository so {@code
   * ostree-remote-registry:<name>:} images can be verified: a missing remote is added with GPG
   * verification on and {@code armoredKeys} (ASCII-armored OpenPGP public key blocks) imported; a
   * remote the daemon added before gets the keys imported again (idempotent); a remote configured
   * by someone else is left exactly as it is ({@link RemoteSetup#ADMIN_OWNED}). Bad input (a
   * malformed or private key, a bad name, no key) is an {@link IllegalArgumentException} before the
   * host is touched. There is nothing to configure for containers-policy verification: the host's
   * {@code policy.json} is the admin's.
   */
  RemoteSetup ensureRemote(String name, List<String> armoredKeys);

  /** Unlocks the staged deployment {@code checksum} and reboots into it. */
  void finalizeAndReboot(String checksum);

  /** Makes the rollback deployment the default and reboots into it. */
  void rollback();

  /**
   * Makes the booted deployment the default again, without a reboot: after GRUB booted the previous
   * deployment on its own because boot counting ran out (docs/boot-counting.md), so the next boot
   * does not go back to the deployment that failed. Nothing when the booted one is the default.
   */
  void makeBootedDefault();

  /**
   * Pins the deployment with this checksum so {@link #cleanup()} (and ostree's own pruning) keeps
   * it.
   */
  void pin(String checksum);

  /**
   * {@code rpm-ostree cleanup -p -r}: removes the staged/pending deployment AND the rollback
   * deployment, keeping only the booted one and pinned ones, then prunes unreferenced objects. A
   * caller that still needs the rollback (e.g. the daemon after an update, until it is confirmed)
   * pins it with {@link #pin} first.
   */
  void cleanup();
}
