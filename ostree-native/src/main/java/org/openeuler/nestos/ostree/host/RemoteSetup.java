package org.openeuler.nestos.ostree.host;

/** What {@link OsHost#ensureRemote} found and did. */
public enum RemoteSetup {
  /** The remote was missing: added with GPG verification on and the keys imported. */
  ADDED,
  /**
   * The remote was added by the daemon before: the keys were imported again (idempotent; heals a
   * crash).
   */
  KEYS_IMPORTED,
  /** The remote exists and was configured by someone else (an admin): left exactly as it is. */
  ADMIN_OWNED
}
