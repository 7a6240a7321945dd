package org.openeuler.nestos.ostree.core.ref;

/**
 * The OSVersion {@code imagePolicy} as this module sees it (mirrors the CRD field without depending
 * on it): {@code Unverified}, {@code OstreeRemote} (with the ostree remote whose keys verify the
 * commit) or {@code ContainersPolicy} ({@code /etc/containers/policy.json}).
 */
public record ImagePolicy(Kind kind, String remote) {

  /** The policy kinds, named as in the CRD. */
  public enum Kind {
    UNVERIFIED,
    OSTREE_REMOTE,
    CONTAINERS_POLICY
  }

  public static final ImagePolicy UNVERIFIED = new ImagePolicy(Kind.UNVERIFIED, null);
  public static final ImagePolicy CONTAINERS_POLICY = new ImagePolicy(Kind.CONTAINERS_POLICY, null);

  public ImagePolicy {
    if (kind == null) {
      throw new IllegalArgumentException("policy kind is required");
    }
    if (kind == Kind.OSTREE_REMOTE && (remote == null || !SignatureSource.isValidRemote(remote))) {
      throw new IllegalArgumentException("OstreeRemote needs a valid remote name, got: " + remote);
    }
    if (kind != Kind.OSTREE_REMOTE && remote != null) {
      throw new IllegalArgumentException(kind + " takes no remote name");
    }
  }

  public static ImagePolicy ostreeRemote(String remote) {
    return new ImagePolicy(Kind.OSTREE_REMOTE, remote);
  }

  /** Maps the CRD spelling ({@code Unverified}, {@code OstreeRemote}, {@code ContainersPolicy}). */
  public static ImagePolicy of(String crdName, String remote) {
    return switch (crdName) {
      case "Unverified" -> UNVERIFIED;
      case "OstreeRemote" -> ostreeRemote(remote);
      case "ContainersPolicy" -> CONTAINERS_POLICY;
      default -> throw new IllegalArgumentException("unknown image policy: " + crdName);
    };
  }
}
