package org.openeuler.nestos.ostree.image;

import java.io.IOException;
import java.nio.file.Files;
import org.openeuler.nestos.ostree.core.image.Descriptor;
import org.openeuler.nestos.ostree.core.image.ImageManifest;
import org.openeuler.nestos.ostree.core.image.OciDigest;
import org.openeuler.nestos.ostree.core.ref.DockerReference;
import org.openeuler.nestos.ostree.registry.RegistryClient;

/**
 * Pushes an image from an {@link OciLayout} to a registry (blobs from files, then the manifest
 * bytes unchanged).
 */
public final class RegistryPublisher {

  private final RegistryClient client;

  public RegistryPublisher(RegistryClient client) {
    this.client = client;
  }

  /**
   * Pushes the manifest {@code digest} of {@code layout} as {@code target} (a tag); returns the
   * manifest digest.
   */
  public OciDigest push(OciLayout layout, OciDigest digest, DockerReference target)
      throws IOException {
    byte[] body = layout.manifest(digest);
    ImageManifest manifest = ImageManifest.parse(body, null);
    push(layout, manifest.config(), target);
    for (Descriptor layer : manifest.layers()) {
      push(layout, layer, target);
    }
    return client.pushManifest(target, manifest.mediaType(), body);
  }

  private void push(OciLayout layout, Descriptor blob, DockerReference target) throws IOException {
    if (!Files.exists(layout.blobPath(blob.digest()))) {
      throw new IOException("blob " + blob.digest() + " missing from " + layout.dir());
    }
    client.pushBlob(target.repositoryOnly(), layout.blobPath(blob.digest()), blob.mediaType());
  }
}
