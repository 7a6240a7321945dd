package org.openeuler.nestos.api;

/** Finalizers owned by the operator. */
public final class Finalizers {
  /**
   * On an OSVersion: lets in-flight nodes finish and uncordons ours before the object goes away.
   */
  public static final String ROLLOUT = ApiGroup.GROUP + "/rollout";

  private Finalizers() {}
}
