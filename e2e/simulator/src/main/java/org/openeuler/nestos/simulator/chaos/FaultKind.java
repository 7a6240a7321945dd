package org.openeuler.nestos.simulator.chaos;

/** The faults a chaos schedule draws from (docs/chaos.md). */
public enum FaultKind {
  /** The node's daemon killed before or right after one of its host actions, then restarted. */
  DAEMON_KILL_AT_ACTION,
  /** The node's daemon killed at a random moment (OOM, SIGKILL), then restarted. */
  DAEMON_RESTART,
  /** The node loses power: an unplanned reboot, any staged deployment dropped. */
  POWER_LOSS,
  /** The leading operator replica killed (its Lease not released); a new standby started. */
  LEADER_KILL,
  /** For a while, a share of the operator's and daemons' requests refused: 409, 429, 500, 503. */
  API_ERRORS,
  /** For a while, a share of requests served late or reset unserved (client timeouts). */
  API_TIMEOUTS,
  /** For a while, every new watch is dropped after a short time (the clients reconnect). */
  WATCH_DROPS,
  /**
   * The new OS version hangs at every boot of the node, without boot counting: it never returns.
   */
  NODE_NEVER_RETURNS,
  /** The new OS version hangs at boot on the node; GRUB boot counting falls back. */
  BOOT_HANG_FALLBACK,
  /** The node's next pulls fail (the registry answers 503). */
  PULL_FAILS,
  /** Every pull on the node fails: a layer blob whose digest does not match. */
  BLOB_TAMPERED,
  /** The node's kubelet unit fails on the new OS version: the health gate fails. */
  HEALTH_CHECK_FAILS,
  /** A pod on the node guarded by a PodDisruptionBudget that allows no eviction, for a while. */
  PDB_BLOCKS_DRAIN,
  /** The OSVersion's image moved on to the next release mid-rollout. */
  OSVERSION_EDITED,
  /** The OSVersion deleted mid-rollout. */
  OSVERSION_DELETED,
  /** The NodeConfig's sysctl value changed mid-rollout. */
  NODECONFIG_EDITED,
  /** The NodeConfig deleted mid-rollout: its sysctl must go back to the original value. */
  NODECONFIG_DELETED;

  /** Whether the fault is set on one node. */
  public boolean perNode() {
    return switch (this) {
      case DAEMON_KILL_AT_ACTION,
          DAEMON_RESTART,
          POWER_LOSS,
          NODE_NEVER_RETURNS,
          BOOT_HANG_FALLBACK,
          PULL_FAILS,
          BLOB_TAMPERED,
          HEALTH_CHECK_FAILS,
          PDB_BLOCKS_DRAIN ->
          true;
      default -> false;
    };
  }
}
