package org.openeuler.nestos.ostree.registry;

import java.util.List;

/**
 * An image resolved for one platform: the reference pinned to the image manifest's digest, the index digest it
 * was selected from (null when the reference named a manifest), the manifest and the config.
 */
public record ImageInfo(RegistryRef ref, String manifestDigest, String indexDigest, ImageManifest manifest,
                        ImageConfig config) {

  public List<Descriptor> layers() {
    return manifest.layers();
  }
}
