package org.openeuler.nestos.api;

/** The API group and version every NestOS custom resource belongs to. */
public final class ApiGroup {
  public static final String GROUP = "nestos.openeuler.org";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String CATEGORY = "nestos";

  private ApiGroup() {}
}
