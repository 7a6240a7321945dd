package org.openeuler.nestos.api.v1alpha1;

/** Regular expressions and CEL snippets shared by the schema annotations. */
public final class Patterns {
  /** Plain OCI reference pinned by digest: no transport prefix, no tag. */
  public static final String DIGEST_IMAGE =
      "^([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*(:[0-9]+)?/)?"
          + "[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*(/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)*@sha256:[a-f0-9]{64}$";

  /** A Kubernetes object name (DNS-1123 subdomain). */
  public static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** Sysctl key in dotted form: no '/', no empty segment (so no '..'). */
  public static final String SYSCTL_NAME = "^[a-z0-9_]+(\\.[A-Za-z0-9_-]+)+$";

  /** One kernel argument token: no whitespace, quotes or backslashes. */
  public static final String KARG_TOKEN = "^[^\\s\"'\\\\=][^\\s\"'\\\\]*$";

  /** "HH:MM", 24 hour clock. */
  public static final String HH_MM = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

  /** Owner reference as written by the renderer: Kind/name. */
  public static final String OWNER =
      "^(OSVersion|NodeConfig|RubikPolicy)/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";

  /** The string form of an int-or-percent IntOrString: "N" or "N%" (0-100). */
  public static final String INT_OR_PERCENT = "^([0-9]+|(100|[1-9]?[0-9])%)$";

  public static final String INT_OR_PERCENT_MESSAGE =
      "must be a non-negative integer or a percentage string such as \"25%\" (0-100%); integers are"
          + " at most 2147483647";

  /**
   * The largest integer any field accepts (2^31-1): the Java model reads integers as {@code int},
   * so a larger value would be accepted by the API server but unreadable by the operator.
   */
  public static final String INT32_MAX = "2147483647";

  /** A label key: optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
  public static final String LABEL_KEY =
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
          + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$";

  /**
   * A label value: empty, or at most 63 alphanumerics, '-', '_' or '.', alphanumeric at both ends.
   */
  public static final String LABEL_VALUE = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";

  private Patterns() {}
}
