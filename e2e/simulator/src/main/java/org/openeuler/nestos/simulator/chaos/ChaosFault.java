package org.openeuler.nestos.simulator.chaos;

/**
 * One fault of a schedule.
 *
 * @param atMillis when, after the rollout starts
 * @param kind what
 * @param node the node's index (1-based) for per-node faults, 0 otherwise
 * @param durationMillis how long a window fault lasts (API faults, a blocking PDB), 0 otherwise
 * @param detail the kind's parameter: the host action and {@code before|after} of a kill, the
 *     refused codes' share in percent of an API fault, the count of failing pulls
 */
public record ChaosFault(
    long atMillis, FaultKind kind, int node, long durationMillis, String detail) {

  @Override
  public String toString() {
    return "%5d ms %s%s%s%s"
        .formatted(
            atMillis,
            kind,
            node > 0 ? " node-" + node : "",
            durationMillis > 0 ? " for " + durationMillis + " ms" : "",
            detail.isEmpty() ? "" : " (" + detail + ")");
  }
}
