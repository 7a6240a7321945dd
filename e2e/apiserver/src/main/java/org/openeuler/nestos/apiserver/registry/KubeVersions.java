package org.openeuler.nestos.apiserver.registry;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes version priority ({@code v2 > v1 > v2beta1 > v1beta2 > v1beta1 > v1alpha1 > other}),
 * used to pick a group's preferred version the way kube-apiserver orders CRD versions.
 */
public final class KubeVersions {

  private static final Pattern KUBE = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");

  /** Orders higher-priority versions first. */
  public static final Comparator<String> PREFERRED_FIRST = KubeVersions::compare;

  private KubeVersions() {}

  static int compare(String a, String b) {
    return Long.compare(rank(b), rank(a)) != 0 ? Long.compare(rank(b), rank(a)) : a.compareTo(b);
  }

  private static long rank(String v) {
    Matcher m = KUBE.matcher(v);
    if (!m.matches()) {
      return 0;
    }
    long major = Long.parseLong(m.group(1));
    int stability = m.group(2) == null ? 3 : "beta".equals(m.group(2)) ? 2 : 1;
    long minor = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
    return stability * 1_000_000_000_000L + major * 1_000_000L + minor;
  }
}
