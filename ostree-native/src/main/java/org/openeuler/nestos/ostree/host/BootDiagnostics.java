package org.openeuler.nestos.ostree.host;

import org.openeuler.nestos.ostree.core.boot.FailedBootJournal;

/**
 * The diagnostics of a boot GRUB gave up on (docs/boot-counting.md): a short, bounded excerpt of
 * its journal for the node's status. Never throws: a host without a journal of that boot answers a
 * text starting {@link FailedBootJournal#NONE}.
 */
public interface BootDiagnostics {

  /**
   * The excerpt for the last failed boot before the current one.
   *
   * @param updateBootId the {@code boot_id} the update's reboot was issued from (null: unknown)
   * @param currentBootId the current (fallback) boot's {@code boot_id}
   */
  String failedBoot(String updateBootId, String currentBootId);

  /** A host whose journal is not read. */
  BootDiagnostics NONE =
      (updateBootId, currentBootId) -> FailedBootJournal.none("the daemon does not read it here");
}
