package org.openeuler.nestos.rubik.core.model;

/** cgroup hierarchy of a node: v1 (one mount per controller) or v2 (unified). */
public enum CgroupVersion {
  V1,
  V2
}
