package org.openeuler.nestos.api;

/** Taints the operator places on nodes it is updating. */
public final class Taints {
  /** Key of the taint set while a node is being updated. */
  public static final String UPDATING = ApiGroup.GROUP + "/updating";

  /** Effect of the {@link #UPDATING} taint. */
  public static final String UPDATING_EFFECT = "PreferNoSchedule";

  private Taints() {}
}
