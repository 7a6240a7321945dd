package org.openeuler.nestos.ostree.core.status;

import java.util.List;

/**
 * One ostree deployment as the node daemon needs it (from {@code rpm-ostree status --json} or
 * {@code ostree admin status} + the sysroot).
 *
 * @param checksum ostree commit checksum
 * @param version the commit's {@code version} metadata, or null
 * @param imageReference the container image reference it came from (transport form), or null
 * @param imageDigest the manifest digest of that image ({@code sha256:...}), or null
 * @param booted whether this is the running deployment
 * @param staged whether this deployment is staged for the next boot (finalized at shutdown)
 * @param finalizationLocked whether the staged deployment waits for an explicit finalize
 * @param pinned whether it is pinned (kept by cleanups)
 * @param kernelArguments its kernel arguments as tokens, in order
 */
public record Deployment(
    String checksum,
    String version,
    String imageReference,
    String imageDigest,
    boolean booted,
    boolean staged,
    boolean finalizationLocked,
    boolean pinned,
    List<String> kernelArguments) {

  public Deployment {
    kernelArguments = kernelArguments == null ? List.of() : List.copyOf(kernelArguments);
  }
}
