package org.openeuler.nestos.rubik.core.plan;

/** The kernel interface that implements a feature on one node, best first per feature; or none. */
public enum Backend {
  CPU_QOS_LEVEL,
  CPU_IDLE,
  CPU_SHARES,
  CPU_WEIGHT,
  MEMORY_QOS_LEVEL,
  MEMORY_HIGH_LOW,
  MEMORY_SOFT_LIMIT,
  CFS_BURST_US,
  CPU_MAX_BURST,
  BLKIO_COST_WEIGHT,
  IO_WEIGHT,
  BLKIO_WEIGHT,
  MEMORY_HIGH_FSSR,
  UNSUPPORTED
}
