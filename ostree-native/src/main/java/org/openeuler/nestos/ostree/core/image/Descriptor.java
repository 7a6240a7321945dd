package org.openeuler.nestos.ostree.core.image;

/** An OCI content descriptor: what a manifest says about one blob. */
public record Descriptor(String mediaType, OciDigest digest, long size) {

  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

  public Descriptor {
    if (size < 0) {
      throw new IllegalArgumentException("negative blob size " + size);
    }
  }

  /** Whether a layer of this media type is gzip-compressed; other compressions are refused. */
  public boolean gzipLayer() {
    return switch (mediaType) {
      case OCI_LAYER_GZIP, DOCKER_LAYER_GZIP -> true;
      case OCI_LAYER_TAR -> false;
      default -> throw new InvalidImageException("unsupported layer media type " + mediaType + " (layer " + digest
          + "); ostree-native images use tar or tar+gzip layers");
    };
  }
}
