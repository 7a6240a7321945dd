package org.openeuler.nestos.operator.core.rollout;

import java.time.Instant;
import java.util.List;

/**
 * What the daemon reported in {@code NodeState.status}.
 *
 * @param bootedImage image reference of the booted deployment, as rpm-ostree reports it (transport
 *     prefix allowed)
 * @param appliedKernelArguments project-owned tokens found in /proc/cmdline
 * @param updated the {@code Updated} condition is True (booted and healthy on {@code
 *     currentRevision})
 * @param degradedReason reason of a True {@code Degraded} condition (e.g. HealthCheckFailed,
 *     RolledBack), else null
 * @param degradedSince when {@code Degraded} turned True (failure time, used by the retry ledger),
 *     else null
 */
public record NodeObservation(
    String bootID,
    String currentRevision,
    String stagedRevision,
    String lastFailedRevision,
    String acceptedTicket,
    String bootedImage,
    List<String> appliedKernelArguments,
    boolean updated,
    String degradedReason,
    Instant degradedSince) {

  /** A daemon that has not reported yet. */
  public static final NodeObservation NONE =
      new NodeObservation(null, null, null, null, null, null, List.of(), false, null, null);

  public NodeObservation {
    appliedKernelArguments =
        appliedKernelArguments == null ? List.of() : List.copyOf(appliedKernelArguments);
  }
}
