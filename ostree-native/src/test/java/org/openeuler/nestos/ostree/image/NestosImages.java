package org.openeuler.nestos.ostree.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.openeuler.nestos.ostree.host.HostNamespace;
import org.openeuler.nestos.ostree.host.ProcessCommandRunner;
import org.openeuler.nestos.ostree.registry.RegistryClient;
import org.openeuler.nestos.ostree.testing.LocalRegistry;
import org.openeuler.nestos.ostree.testing.TestGpg;

/**
 * NestOS images for the real-ostree tests: a tree committed with real {@code ostree}, optionally
 * signed, pushed.
 */
public final class NestosImages {

  private static final Instant COMMITTED = Instant.parse("2024-06-01T00:00:00Z");

  private NestosImages() {}

  /**
   * Commits the NestOS tree of {@code version} into {@code work/build-repo}, signs the commit with
   * {@code signer} when one is given, encapsulates it and pushes it to {@code registry} as {@code
   * nestos/os:<version>}.
   */
  public static EncapsulatedImage publish(
      LocalRegistry registry, RegistryClient client, Path work, String version, TestGpg signer)
      throws Exception {
    Encapsulator enc = new Encapsulator(new ProcessCommandRunner(HostNamespace.NONE));
    Path repo = work.resolve("build-repo");
    String commit =
        enc.commit(
            repo,
            NestosTrees.write(Files.createDirectories(work.resolve("tree-" + version)), version),
            version,
            COMMITTED);
    if (signer != null) {
      signer.sign(repo, commit);
    }
    OciLayout layout = new OciLayout(work.resolve("oci-" + version));
    EncapsulatedImage image = enc.encapsulate(repo, commit, layout, version);
    new RegistryPublisher(client)
        .push(layout, image.manifestDigest(), registry.ref("nestos/os:" + version));
    return image;
  }
}
