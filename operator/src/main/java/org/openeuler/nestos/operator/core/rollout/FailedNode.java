package org.openeuler.nestos.operator.core.rollout;

import java.time.Instant;

/**
 * A failed targeted node.
 *
 * @param counted counts against maxFailures (false: forgiven by a retry)
 */
public record FailedNode(
    String name, String reason, String revision, Instant failedAt, boolean counted) {}
