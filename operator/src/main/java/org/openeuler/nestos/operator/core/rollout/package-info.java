/**
 * The rollout planner (docs/design.md §4.3): pure, deterministic, I/O free. Immutable snapshots in
 * ({@link org.openeuler.nestos.operator.core.rollout.RolloutInput}), a {@link
 * org.openeuler.nestos.operator.core.rollout.RolloutPlan} out. Entry point: {@link
 * org.openeuler.nestos.operator.core.rollout.RolloutPlanner#plan}.
 */
package org.openeuler.nestos.operator.core.rollout;
