package org.openeuler.nestos.rubik.core.model;

/** The kubelet's {@code cgroupDriver}. */
public enum CgroupDriver {
  CGROUPFS,
  SYSTEMD
}
