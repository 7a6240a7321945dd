/**
 * The OSVersion reconciler (edge): observes Nodes and NodeStates, checks the image, runs the pure
 * {@link org.openeuler.nestos.operator.core.rollout.RolloutPlanner} and acts on its plan (grants,
 * drains, uncordons), then writes the OSVersion status, events and metrics.
 */
package org.openeuler.nestos.operator.rollout;
