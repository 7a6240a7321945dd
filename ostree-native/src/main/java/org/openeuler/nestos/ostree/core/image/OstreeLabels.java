package org.openeuler.nestos.ostree.core.image;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The labels of an ostree-native container image, as ostree-rs-ext's container encapsulation writes
 * them into the image config ({@code config.Labels}) and the manifest annotations (containers/bootc
 * {@code ostree-ext/src/container/encapsulate.rs}, {@code build_oci}): {@code ostree.commit},
 * {@code ostree.bootable}, {@code containers.bootc}, {@code org.opencontainers.image.version} and
 * {@code ostree.final-diffid} (the uncompressed digest of the last layer that belongs to the ostree
 * commit).
 *
 * @param commit the ostree commit checksum the image carries
 * @param version the OS version, or null when the image has none
 */
public record OstreeLabels(String commit, String version) {

  public static final String COMMIT = "ostree.commit";
  public static final String BOOTABLE = "ostree.bootable";
  public static final String BOOTC = "containers.bootc";
  public static final String FINAL_DIFFID = "ostree.final-diffid";
  public static final String VERSION = "org.opencontainers.image.version";

  private static final Pattern CHECKSUM = Pattern.compile("[0-9a-f]{64}");

  public OstreeLabels {
    if (commit == null || !CHECKSUM.matcher(commit).matches()) {
      throw new IllegalArgumentException(
          "ostree commit checksum must be 64 lowercase hex: " + commit);
    }
  }

  /**
   * Reads and checks the labels of an image config; a plain container image is refused with a clear
   * error.
   */
  public static OstreeLabels from(Map<String, String> labels) {
    String commit = labels.get(COMMIT);
    if (commit == null || !"true".equals(labels.get(BOOTABLE))) {
      throw new InvalidImageException(
          "not an ostree-native container image: the image config needs the labels "
              + BOOTABLE
              + "=true and "
              + COMMIT
              + "=<checksum> (found "
              + BOOTABLE
              + "="
              + labels.get(BOOTABLE)
              + ", "
              + COMMIT
              + "="
              + commit
              + ")");
    }
    if (!CHECKSUM.matcher(commit).matches()) {
      throw new InvalidImageException("label " + COMMIT + " is not an ostree checksum: " + commit);
    }
    return new OstreeLabels(commit, labels.get(VERSION));
  }
}
