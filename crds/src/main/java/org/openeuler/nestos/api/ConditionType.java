package org.openeuler.nestos.api;

/** Condition types (metav1.Condition {@code type}) used in NestOS statuses. */
public enum ConditionType {
  /** kstatus: the object reached its desired state. */
  READY("Ready"),
  /** kstatus: work is in progress (reasons such as Progressing, Paused, WaitingForBudget). */
  RECONCILING("Reconciling"),
  /** kstatus: progress stopped and needs a human (FailureBudgetExceeded, InvalidSpec, ...). */
  STALLED("Stalled"),
  /** Failures within budget (OSVersion) or a node-local fault (NodeState). */
  DEGRADED("Degraded"),
  /** NodeState: the rendered image is staged (finalization locked). */
  STAGED("Staged"),
  /** NodeState: a reboot is needed to reach the rendered state. */
  REBOOT_PENDING("RebootPending"),
  /** NodeState: the booted deployment and kernel arguments match the rendered state. */
  UPDATED("Updated"),
  /** NodeState: live settings (sysctls, cgroups) drifted from what was applied. */
  DRIFTED("Drifted"),
  /**
   * NodeState, with boot counting on, once an update's reboot showed it: True when GRUB counts the
   * boots of a new deployment (Counting, BootFailed), False when it does not (NotCounting;
   * docs/boot-counting.md).
   */
  BOOT_COUNTING("BootCounting"),
  /**
   * OSVersion, only while False: the rollout proceeds without the operator's check of the image in
   * its registry (RegistryUnreachable, RegistryCheckDisabled; docs/private-registries.md).
   */
  IMAGE_VERIFIED("ImageVerified");

  private final String value;

  ConditionType(String value) {
    this.value = value;
  }

  /** The wire value. */
  public String value() {
    return value;
  }

  /** Looks up a wire value; throws for unknown ones. */
  public static ConditionType of(String value) {
    for (ConditionType t : values()) {
      if (t.value.equals(value)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown condition type: " + value);
  }

  @Override
  public String toString() {
    return value;
  }
}
