package org.openeuler.nestos.operator.rollout;

/** Receives the reconciler's timings (benchmarks, metrics). */
public interface RolloutTimings {
  RolloutTimings NONE = new RolloutTimings() {};

  /** One planner pass over {@code nodes} snapshots. */
  default void planned(long nanos, int nodes) {}

  /** One whole reconcile (observe, validate, plan, act, status). */
  default void reconciled(long nanos) {}

  /** One OSVersion status write was sent. */
  default void statusWritten() {}
}
