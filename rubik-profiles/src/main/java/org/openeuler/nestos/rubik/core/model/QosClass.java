package org.openeuler.nestos.rubik.core.model;

/** A pod's Kubernetes QoS class ({@code status.qosClass}). */
public enum QosClass {
  Guaranteed,
  Burstable,
  BestEffort;

  /**
   * The kubelet's cgroup name for this class: {@code ""} for Guaranteed (directly under {@code
   * kubepods}).
   */
  public String cgroupName() {
    return this == Guaranteed ? "" : name().toLowerCase(java.util.Locale.ROOT);
  }
}
