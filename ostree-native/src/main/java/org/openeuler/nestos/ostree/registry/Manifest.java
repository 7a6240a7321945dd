package org.openeuler.nestos.ostree.registry;

import org.openeuler.nestos.ostree.core.image.Descriptor;
import org.openeuler.nestos.ostree.core.image.ImageIndex;
import org.openeuler.nestos.ostree.core.image.ImageManifest;
import org.openeuler.nestos.ostree.core.image.MediaTypes;
import org.openeuler.nestos.ostree.core.image.OciDigest;

/**
 * A manifest as fetched: media type, its digest (verified: the sha256 of {@code body}) and the
 * exact bytes. Either an image manifest or an index.
 */
public record Manifest(String mediaType, OciDigest digest, byte[] body) {

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
    return new Descriptor(mediaType, digest, body.length);
  }
}
