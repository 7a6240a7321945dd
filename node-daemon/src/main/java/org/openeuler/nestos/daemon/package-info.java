/**
 * The per-node agent (privileged DaemonSet): stages, reboots, verifies, rolls back and applies live
 * config through the {@code HostFs}/{@code OsHost} ports. Filled in by the node-daemon issue.
 */
package org.openeuler.nestos.daemon;
