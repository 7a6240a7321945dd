package org.openeuler.nestos.daemon.core.update;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.OwnedKernelArgument;
import org.openeuler.nestos.ostree.core.gpg.RemoteKeys;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentDiff;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentEdit;
import org.openeuler.nestos.ostree.core.ref.ImagePolicy;
import org.openeuler.nestos.ostree.core.ref.OstreeImageReference;
import org.openeuler.nestos.ostree.core.status.Deployment;

/**
 * The OS state a spec renders: the image in rpm-ostree's transport form, the kernel-argument tokens
 * and, for an {@code OstreeRemote} policy that carries keys, the remote and its keys to configure
 * on the host before staging ({@code remoteKeys}, null otherwise: unverified, containers policy
 * (the host's {@code policy.json} is the admin's), or a remote without keys, which the admin must
 * have configured). All validated before anything is applied.
 */
public record Desired(
    String revision,
    OstreeImageReference image,
    List<String> tokens,
    RemoteKeys remoteKeys,
    PullAuth pullAuth) {

  public Desired {
    tokens = List.copyOf(tokens);
  }

  public Desired(
      String revision, OstreeImageReference image, List<String> tokens, RemoteKeys remoteKeys) {
    this(revision, image, tokens, remoteKeys, null);
  }

  public Desired(String revision, OstreeImageReference image, List<String> tokens) {
    this(revision, image, tokens, null, null);
  }

  /**
   * The pull Secret whose credentials for {@code registry} ({@code host[:port]} of the image) the
   * host needs to pull the image (docs/private-registries.md).
   */
  public record PullAuth(String registry, String secretName) {}

  /** The pull credentials a spec needs on the host, or null (no image or no pull secret). */
  public static PullAuth pullAuth(NodeStateSpec spec) {
    if (spec == null
        || spec.osImage() == null
        || spec.imagePolicy() == null
        || spec.imagePolicy().pullSecretName() == null
        || spec.imagePolicy().pullSecretName().isBlank()) {
      return null;
    }
    try {
      return new PullAuth(
          org.openeuler.nestos.ostree.core.ref.DockerReference.parse(spec.osImage()).domain(),
          spec.imagePolicy().pullSecretName());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A validated spec, or why it is invalid ({@code InvalidSpec}). */
  public sealed interface Parsed {}

  public record Valid(Desired desired) implements Parsed {}

  public record Invalid(String reason) implements Parsed {}

  /** No OS target (a NodeState selected by no OSVersion): the OS is left alone. */
  public record NoTarget() implements Parsed {}

  public static Parsed parse(NodeStateSpec spec) {
    if (spec.osImage() == null || spec.osImage().isBlank()) {
      return new NoTarget();
    }
    if (spec.revision() == null || spec.revision().isBlank()) {
      return new Invalid("spec.revision is missing");
    }
    OstreeImageReference image;
    try {
      image = OstreeImageReference.forPolicy(spec.osImage(), policy(spec.imagePolicy()));
    } catch (IllegalArgumentException e) {
      return new Invalid("osImage: " + e.getMessage());
    }
    List<String> tokens = new ArrayList<>();
    if (spec.kernelArguments() != null) {
      for (OwnedKernelArgument k : spec.kernelArguments()) {
        tokens.add(k == null ? null : k.token());
      }
    }
    try {
      if (tokens.contains(null)) {
        throw new IllegalArgumentException("a kernel argument has no token");
      }
      tokens = List.copyOf(KernelArgumentDiff.desiredTokens(Map.of("NodeState", tokens)));
    } catch (IllegalArgumentException e) {
      return new Invalid("kernelArguments: " + e.getMessage());
    }
    RemoteKeys remoteKeys;
    try {
      remoteKeys = remoteKeys(spec.imagePolicy());
    } catch (IllegalArgumentException e) {
      return new Invalid("imagePolicy.ostreeRemote.keys: " + e.getMessage());
    }
    return new Valid(new Desired(spec.revision(), image, tokens, remoteKeys, pullAuth(spec)));
  }

  /** The remote and keys of an {@code OstreeRemote} policy with keys (validated), else null. */
  static RemoteKeys remoteKeys(org.openeuler.nestos.api.v1alpha1.ImagePolicy api) {
    if (api == null
        || api.verification()
            != org.openeuler.nestos.api.v1alpha1.ImagePolicy.Verification.OstreeRemote
        || api.ostreeRemote() == null
        || api.ostreeRemote().keys() == null
        || api.ostreeRemote().keys().isEmpty()) {
      return null;
    }
    return new RemoteKeys(api.ostreeRemote().name(), api.ostreeRemote().keys());
  }

  /**
   * The edit that takes {@code current} to the rendered tokens, removing what the project applied
   * before.
   */
  public KernelArgumentEdit edit(List<String> current, List<String> previouslyApplied) {
    return KernelArgumentDiff.diff(current, Map.of("NodeState", tokens), previouslyApplied);
  }

  /** Whether {@code d} runs the rendered image with the rendered kernel arguments. */
  public boolean matches(Deployment d, List<String> previouslyApplied) {
    return d != null
        && sameImage(d.imageReference(), image)
        && edit(d.kernelArguments(), previouslyApplied).isEmpty();
  }

  /**
   * Semantic equality of a deployment's image reference with {@code image} (the manifest digest is
   * not compared).
   */
  public static boolean sameImage(String deployed, OstreeImageReference image) {
    if (deployed == null) {
      return false;
    }
    try {
      return OstreeImageReference.parse(deployed).equals(image);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The OSVersion's verification (copied into the NodeState) as the transport builder takes it. */
  static ImagePolicy policy(org.openeuler.nestos.api.v1alpha1.ImagePolicy api) {
    if (api == null || api.verification() == null) {
      return ImagePolicy.UNVERIFIED;
    }
    return ImagePolicy.of(
        api.verification().name(), api.ostreeRemote() == null ? null : api.ostreeRemote().name());
  }
}
