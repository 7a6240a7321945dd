package org.openeuler.nestos.api;

/** Condition reasons (metav1.Condition {@code reason}, CamelCase) used across NestOS statuses. */
public enum ConditionReason {
  // Ready
  ROLLOUT_COMPLETE("RolloutComplete"),
  APPLIED("Applied"),
  NO_TARGETS("NoTargets"),
  // Reconciling
  PROGRESSING("Progressing"),
  PAUSED("Paused"),
  OUTSIDE_MAINTENANCE_WINDOW("OutsideMaintenanceWindow"),
  PARTITION_REACHED("PartitionReached"),
  WAITING_FOR_BUDGET("WaitingForBudget"),
  DRAIN_BLOCKED("DrainBlocked"),
  /** The OSVersion is being deleted; nodes with work in flight hold its finalizer. */
  DELETING("Deleting"),
  // Stalled
  FAILURE_BUDGET_EXCEEDED("FailureBudgetExceeded"),
  INVALID_SPEC("InvalidSpec"),
  IMAGE_UNAVAILABLE("ImageUnavailable"),
  SELECTOR_OVERLAP("SelectorOverlap"),
  MULTIPLE_RUBIK_POLICIES("MultipleRubikPolicies"),
  PULL_SECRET_MISSING("PullSecretMissing"),
  /** The operator may not read the named pull secret (the chart's {@code registry.pullSecrets}). */
  PULL_SECRET_NOT_ALLOWED("PullSecretNotAllowed"),
  /**
   * RubikPolicy {@code mode: Rubik} while rubik interop is off (the chart's {@code rubik.interop}).
   */
  RUBIK_INTEROP_DISABLED("RubikInteropDisabled"),
  /** The apiserver refused the operator's write of rubik's ConfigMap or DaemonSet (403). */
  RUBIK_INTEROP_FORBIDDEN("RubikInteropForbidden"),
  /** The object cannot be read by the operator (e.g. a value beyond the API's bounds). */
  UNREADABLE("Unreadable"),
  /** The object has no spec. */
  SPEC_MISSING("SpecMissing"),
  // Degraded / node-local
  NODE_FAILED("NodeFailed"),
  /** The node's update is done but its Node did not report Ready within the health deadline. */
  NODE_NOT_READY("NodeNotReady"),
  HEALTH_CHECK_FAILED("HealthCheckFailed"),
  ROLLED_BACK("RolledBack"),
  /**
   * The new deployment never booted far enough for the daemon to run: GRUB's boot counting ran out
   * and booted the previous deployment (the message of a {@code RolledBack} node;
   * docs/boot-counting.md).
   */
  BOOT_FAILED("BootFailed"),
  /** GRUB counted the boots of the new deployment after the update's reboot (BootCounting). */
  COUNTING("Counting"),
  /**
   * The boot counter still had the armed value after the update's reboot: GRUB does not count boots
   * on this host, a boot that never reaches userspace is not rolled back (BootCounting;
   * docs/boot-counting.md).
   */
  NOT_COUNTING("NotCounting"),
  ROLLBACK_UNAVAILABLE("RollbackUnavailable"),
  KUBELET_MANAGED("KubeletManaged"),
  RUNS_PROGRAM_AS_ROOT("RunsProgramAsRoot"),
  HOST_OWNED("HostOwned"),
  CONFLICTING_AGENT("ConflictingAgent"),
  RESTART_REQUIRED("RestartRequired"),
  UNSUPPORTED("Unsupported"),
  /** features.ioWeight in mode Rubik without spec.ioCost devices: rubik's iocost weighs nothing. */
  IO_COST_DEVICES_MISSING("IoCostDevicesMissing"),
  MISSING_PREREQUISITES("MissingPrerequisites"),
  CONFLICT("Conflict"),
  TOO_MANY_NAMESPACES("TooManyNamespaces"),
  APPLY_FAILED("ApplyFailed"),
  /** The daemon's durable update record cannot be read: OS updates are halted on that node. */
  RECORD_UNREADABLE("RecordUnreadable"),
  /**
   * Another update driver (Zincati) is registered with rpm-ostree and active: rpm-ostree refuses
   * the rebase, the message says how to hand the node over (docs/private-registries.md).
   */
  UPDATE_DRIVER_REGISTERED("UpdateDriverRegistered"),
  /**
   * The operator could not reach the image's registry (network, TLS): the rollout goes on (the
   * nodes pull themselves) unless the operator is configured to block on it.
   */
  REGISTRY_UNREACHABLE("RegistryUnreachable"),
  /** The operator's registry check is turned off by configuration (registry.check=false). */
  REGISTRY_CHECK_DISABLED("RegistryCheckDisabled"),
  /** The image was found in its registry, pinned by digest, with the ostree labels. */
  IMAGE_VERIFIED("ImageVerified"),
  // NodeState progress
  STAGING("Staging"),
  STAGED("Staged"),
  REBOOTING("Rebooting"),
  /**
   * Kernel arguments of the node's NodeConfigs wait for a reboot that no OSVersion plans (no
   * OSVersion selects the node).
   */
  KERNEL_ARGUMENTS_PENDING("KernelArgumentsPending"),
  VERIFYING("Verifying"),
  UP_TO_DATE("UpToDate"),
  DRIFT_DETECTED("DriftDetected");

  private final String value;

  ConditionReason(String value) {
    this.value = value;
  }

  /** The wire value. */
  public String value() {
    return value;
  }

  /** Looks up a wire value; throws for unknown ones. */
  public static ConditionReason of(String value) {
    for (ConditionReason r : values()) {
      if (r.value.equals(value)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown condition reason: " + value);
  }

  @Override
  public String toString() {
    return value;
  }
}
