package org.openeuler.nestos.ostree.core.rpmostree;

/**
 * One entry of {@code rpm-ostree status --json} {@code deployments[]}, the fields this project
 * reads.
 *
 * @param index position in the list (boot order; the same index {@code ostree admin pin} and {@code
 *     rpm-ostree kargs --deploy-index} take)
 * @param id e.g. {@code fedora-coreos-<checksum>.0}
 * @param osname the stateroot
 * @param checksum the deployed commit ({@code checksum})
 * @param baseChecksum the base commit of a layered deployment ({@code base-checksum}), else null
 * @param version the commit's version, or null
 * @param timestamp commit time, seconds since the epoch (0 if absent)
 * @param origin the ostree refspec for classic deployments ({@code origin}), else null
 * @param containerImageReference {@code container-image-reference} for container-native
 *     deployments, else null
 * @param containerImageReferenceDigest {@code container-image-reference-digest}, else null
 * @param booted whether it is running
 * @param staged whether it is staged for the next boot
 * @param finalizationLocked {@code finalization-locked} (only reported for a staged deployment)
 * @param pinned whether cleanups keep it
 */
public record RpmOstreeDeployment(
    int index,
    String id,
    String osname,
    String checksum,
    String baseChecksum,
    String version,
    long timestamp,
    String origin,
    String containerImageReference,
    String containerImageReferenceDigest,
    boolean booted,
    boolean staged,
    boolean finalizationLocked,
    boolean pinned) {

  /**
   * The checksum {@code rpm-ostree finalize-deployment} expects: the base commit for layered
   * deployments.
   */
  public String finalizeChecksum() {
    return baseChecksum != null ? baseChecksum : checksum;
  }
}
