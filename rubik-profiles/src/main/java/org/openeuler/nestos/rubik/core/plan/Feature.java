package org.openeuler.nestos.rubik.core.plan;

/** The QoS features a RubikPolicy can enable (rubik's names in parentheses). */
public enum Feature {
  /** Offline pods yield CPU to online ones ({@code preemption}, resource cpu). */
  CPU_PREEMPTION,
  /** Offline pods' memory is reclaimed first ({@code preemption}, resource memory). */
  MEMORY_PREEMPTION,
  /** Containers may burst over their CFS quota ({@code quotaBurst}). */
  QUOTA_BURST,
  /** Offline pods get a low IO weight ({@code ioCost}). */
  IO_WEIGHT,
  /**
   * Offline pods' memory limit follows the node's available memory ({@code dynMemory}, policy
   * {@code fssr}; see {@link Fssr}).
   */
  DYN_MEMORY
}
