package org.openeuler.nestos.operator.core.rollout;

import org.openeuler.nestos.api.v1alpha1.Disruption.Allowed;

/**
 * Write {@code spec.disruption} of {@code node}: {@code Stage} or {@code Reboot}, bound to UID,
 * boot and revision.
 */
public record GrantOrder(
    String node, String uid, Allowed allowed, String ticket, String bootID, String revision) {}
