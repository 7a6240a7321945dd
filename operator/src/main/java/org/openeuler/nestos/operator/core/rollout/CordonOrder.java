package org.openeuler.nestos.operator.core.rollout;

/**
 * Cordon {@code node} (annotation {@code cordoned-for: revision}, updating taint) and drain it.
 *
 * @param fresh newly picked this pass (it took a budget slot); false: keep draining a node already
 *     ours (re-stamping the annotation when the target revision changed meanwhile)
 */
public record CordonOrder(String node, String revision, boolean fresh) {}
