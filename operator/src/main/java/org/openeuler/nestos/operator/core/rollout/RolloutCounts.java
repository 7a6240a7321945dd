package org.openeuler.nestos.operator.core.rollout;

/**
 * Derived status counts (targeted nodes only; {@code updating} = draining, rebooting or verifying).
 */
public record RolloutCounts(
    int targetNodes,
    int updatedNodes,
    int stagedNodes,
    int updatingNodes,
    int unavailableNodes,
    int failedNodes) {}
