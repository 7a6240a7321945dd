package org.openeuler.nestos.ostree.registry;

import java.util.List;
import org.openeuler.nestos.ostree.core.image.Descriptor;
import org.openeuler.nestos.ostree.core.image.ImageConfig;
import org.openeuler.nestos.ostree.core.image.ImageManifest;
import org.openeuler.nestos.ostree.core.image.OciDigest;
import org.openeuler.nestos.ostree.core.ref.DockerReference;

/**
 * An image resolved for one platform: the reference pinned to the image manifest's digest, the
 * index digest it was selected from (null when the reference named a manifest), the manifest and
 * the config.
 */
public record ImageInfo(
    DockerReference ref,
    OciDigest manifestDigest,
    OciDigest indexDigest,
    ImageManifest manifest,
    ImageConfig config) {

  public List<Descriptor> layers() {
    return manifest.layers();
  }
}
