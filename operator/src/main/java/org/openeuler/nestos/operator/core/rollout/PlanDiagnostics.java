package org.openeuler.nestos.operator.core.rollout;

/**
 * The numbers behind a plan, for logs, metrics and tests.
 *
 * @param maxUnavailable resolved maxUnavailable
 * @param unavailable nodes counted unavailable (any reason, departed ones of ours included)
 * @param pendingDisruptions cordons and grants issued but not visible yet, on nodes not already
 *     counted
 * @param budget {@code maxUnavailable - unavailable - pendingDisruptions} (never negative) before
 *     this pass's picks
 * @param partition resolved partition
 * @param moved targeted nodes at, moving to, or failed on the target (counted against the
 *     partition)
 * @param maxFailures resolved maxFailures
 * @param countedFailures failures not forgiven by a retry
 * @param windowOpen a maintenance window is open (or none is configured)
 * @param halted {@code countedFailures > maxFailures}
 */
public record PlanDiagnostics(
    int maxUnavailable,
    int unavailable,
    int pendingDisruptions,
    int budget,
    int partition,
    int moved,
    int maxFailures,
    int countedFailures,
    boolean windowOpen,
    boolean halted) {}
