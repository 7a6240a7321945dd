package org.openeuler.nestos.ostree.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openeuler.nestos.ostree.core.image.Descriptor;
import org.openeuler.nestos.ostree.core.image.MediaTypes;
import org.openeuler.nestos.ostree.image.OciLayout;

/** Debian's {@code skopeo} as an independent registry client for cross-checks (argv, no shell). */
public final class Skopeo {

  public static final String BINARY = "/usr/bin/skopeo";

  private Skopeo() {}

  /**
   * Runs {@code skopeo --insecure-policy <args>}; its stdout, or an IOException with its output.
   */
  public static byte[] run(String... args) throws IOException {
    List<String> argv = new ArrayList<>(List.of(BINARY, "--insecure-policy"));
    argv.addAll(List.of(args));
    Path err = Files.createTempFile("skopeo-", ".err");
    try {
      Process p = new ProcessBuilder(argv).redirectError(err.toFile()).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(
            String.join(" ", argv) + " failed: " + Files.readString(err, StandardCharsets.UTF_8));
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      Files.deleteIfExists(err);
    }
  }

  /**
   * Writes an OCI image layout directory holding {@code image} under tag {@code name} (for {@code
   * oci:dir:name}).
   */
  public static void writeOciLayout(Path dir, TestImages.Image image, String name)
      throws IOException {
    OciLayout layout = new OciLayout(dir).init();
    Descriptor manifest = layout.writeBlob(image.manifestJson(), image.manifest().mediaType());
    layout.writeBlob(image.config(), MediaTypes.OCI_CONFIG);
    for (byte[] layer : image.layers()) {
      layout.writeBlob(layer, MediaTypes.OCI_LAYER_GZIP);
    }
    layout.writeIndex(manifest, name);
  }
}
