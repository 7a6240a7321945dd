package org.openeuler.nestos.api;

/** Annotation and label keys read or written by the operator and the daemon. */
public final class Annotations {
  /**
   * On an OSVersion: a new token asks the operator to retry after a halt; acknowledged in {@code
   * status.lastHandledRetry}.
   */
  public static final String RETRY = ApiGroup.GROUP + "/retry";

  /**
   * On a Node the operator cordoned: the NodeState revision it was cordoned for (never uncordon
   * nodes we did not cordon).
   */
  public static final String CORDONED_FOR = ApiGroup.GROUP + "/cordoned-for";

  /**
   * rubik's offline marker: as annotation or label with value {@code "true"} a pod always counts as
   * offline.
   */
  public static final String VOLCANO_PREEMPTABLE = "volcano.sh/preemptable";

  /** Set on a Node while it is drained/rebooted so cluster autoscalers do not remove it. */
  public static final String AUTOSCALER_SCALE_DOWN_DISABLED =
      "cluster-autoscaler.kubernetes.io/scale-down-disabled";

  /**
   * Never on the wire: set in memory by {@link LenientResources} on the stand-in of an object the
   * Java model cannot read (value: why), so readers skip it and report it instead of failing.
   */
  public static final String UNREADABLE = ApiGroup.GROUP + "/unreadable";

  private Annotations() {}
}
