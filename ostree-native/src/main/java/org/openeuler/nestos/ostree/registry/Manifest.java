package org.openeuler.nestos.ostree.registry;

/**
 * A manifest as fetched: media type, its digest (verified: the sha256 of {@code body}) and the exact bytes.
 * Either an image manifest or an index.
 */
public record Manifest(String mediaType, String digest, byte[] body) {

  public boolean isIndex() {
    return MediaTypes.isIndex(mediaType);
  }

  public ImageManifest asImage() {
    return ImageManifest.parse(body, mediaType);
  }

  public ImageIndex asIndex() {
    return ImageIndex.parse(body, mediaType);
  }

  /** A descriptor for this manifest (e.g. for an index entry). */
  public Descriptor descriptor() {
    return Descriptor.of(mediaType, digest, body.length);
  }
}
