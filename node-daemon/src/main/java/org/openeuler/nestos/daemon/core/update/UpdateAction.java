package org.openeuler.nestos.daemon.core.update;

import java.util.List;
import org.openeuler.nestos.api.v1alpha1.HealthCheck;
import org.openeuler.nestos.api.v1alpha1.NodeStateStatus;
import org.openeuler.nestos.ostree.core.gpg.RemoteKeys;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentEdit;

/**
 * What the machine asks a dumb executor to do, in order; the executor stops at the first failure.
 */
public sealed interface UpdateAction {

  /**
   * Pull and stage {@code imageReference} (transport form) with finalization locked and the kargs
   * edit; first, when {@code remoteKeys} is set, make sure that ostree remote exists with those
   * keys (idempotent, so a Stage repeated after a crash is safe); when {@code pullAuth} is set,
   * write that pull Secret's credentials for the image's registry to the host's auth file.
   */
  record Stage(
      String imageReference,
      KernelArgumentEdit kernelArguments,
      RemoteKeys remoteKeys,
      Desired.PullAuth pullAuth)
      implements UpdateAction {

    public Stage(String imageReference, KernelArgumentEdit kernelArguments, RemoteKeys remoteKeys) {
      this(imageReference, kernelArguments, remoteKeys, null);
    }

    public Stage(String imageReference, KernelArgumentEdit kernelArguments) {
      this(imageReference, kernelArguments, null, null);
    }
  }

  /** Write {@code status.acceptedTicket} with the read resourceVersion. */
  record ClaimTicket(String ticket, String resourceVersion) implements UpdateAction {}

  /** Durably write the host record (before every risky step). */
  record RecordIntent(HostRecord record) implements UpdateAction {}

  /** Pin a deployment so cleanups keep it (the rollback target). */
  record Pin(String checksum) implements UpdateAction {}

  /** Finalize the staged deployment and reboot into it. */
  record FinalizeAndReboot(String checksum) implements UpdateAction {}

  /** Make the rollback deployment the default and reboot into it. */
  record Rollback() implements UpdateAction {}

  /**
   * Arm GRUB's boot counting for the deployment about to be finalized: {@code attempts} boots, then
   * GRUB falls back to the previous deployment on its own (docs/boot-counting.md).
   */
  record ArmBootCounter(int attempts) implements UpdateAction {}

  /** The health gate passed: boot counting cleared and the boot marked good. */
  record MarkBootGood() implements UpdateAction {}

  /** Boot counting cleared: before a rollback of the daemon's own, after an update that ended. */
  record DisarmBootCounter() implements UpdateAction {}

  /** GRUB fell back: the booted (previous) deployment made the default again, no reboot. */
  record MakeBootedDefault() implements UpdateAction {}

  /**
   * GRUB fell back: read the journal of the failed boot, the one before {@code currentBootId}
   * unless that is {@code updateBootId} (the boot the update's reboot was issued from); yields a
   * {@link UpdateEvent.BootDiagnosed}, never a failure.
   */
  record CollectBootDiagnostics(String updateBootId, String currentBootId)
      implements UpdateAction {}

  /** Run one round of the health checks. */
  record RunHealthChecks(List<HealthCheck> checks) implements UpdateAction {
    public RunHealthChecks {
      checks = checks == null ? List.of() : List.copyOf(checks);
    }
  }

  /** Write the daemon-owned status fields (only on a change the operator acts on). */
  record ReportStatus(NodeStateStatus status) implements UpdateAction {}

  /** Drop an unwanted staged deployment ({@code rpm-ostree cleanup -p -r}; pinned ones stay). */
  record Cleanup() implements UpdateAction {}
}
