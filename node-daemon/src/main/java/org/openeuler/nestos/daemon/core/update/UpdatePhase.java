package org.openeuler.nestos.daemon.core.update;

/** Where a node is in its OS update (docs/design.md §4.2–4.7). */
public enum UpdatePhase {
  /** Nothing to do, or waiting for a {@code Stage}/{@code Reboot} grant. */
  IDLE,
  /**
   * The spec is invalid (bad image reference, bad kernel argument) or staging failed; nothing
   * applied.
   */
  DEGRADED,
  /** {@code Stage} issued; waiting for the staged deployment to appear. */
  STAGING,
  /** The rendered deployment is staged with finalization locked. */
  STAGED,
  /** Claiming the {@code Reboot} ticket (status write with the read resourceVersion). */
  CLAIMING,
  /**
   * Intent recorded, rollback pinned, finalize-and-reboot issued; waiting for a new {@code
   * boot_id}.
   */
  REBOOT_REQUESTED,
  /** Rebooted into the new deployment; health checks must pass for {@code minReadySeconds}. */
  VERIFYING,
  /** Booted, verified and healthy. */
  UPDATED,
  /** Rollback intent recorded and {@code rollback} issued; waiting for a new {@code boot_id}. */
  ROLLING_BACK,
  /** Back on the previous deployment after a failed verification. */
  ROLLED_BACK,
  /**
   * Failed for this revision ({@code LeaveNode}, reboot limit, unexpected boot); stays until a new
   * revision.
   */
  FAILED,
  /** Verification failed and no rollback deployment exists: no reboot. */
  ROLLBACK_UNAVAILABLE,
  /**
   * The host record cannot be read (corrupt, empty, torn, {@code null}): the reboot counts and the
   * intent in flight are unknown, so the OS is not touched until the record is repaired or removed
   * and the daemon restarted; live config keeps running.
   */
  HALTED;

  /** Phases a spec change does not interrupt: the node is mid-reboot or mid-verification. */
  public boolean inFlight() {
    return this == CLAIMING
        || this == REBOOT_REQUESTED
        || this == VERIFYING
        || this == ROLLING_BACK;
  }

  /** Phases that end an update; a new revision starts over, the same revision stays. */
  public boolean terminal() {
    return this == UPDATED || this == ROLLED_BACK || this == FAILED || this == ROLLBACK_UNAVAILABLE;
  }
}
