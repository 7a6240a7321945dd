package org.openeuler.nestos.ostree.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.ostree.core.image.ImageConfig;
import org.openeuler.nestos.ostree.core.image.ImageManifest;
import org.openeuler.nestos.ostree.core.image.OstreeLabels;
import org.openeuler.nestos.ostree.host.Command;
import org.openeuler.nestos.ostree.host.HostNamespace;
import org.openeuler.nestos.ostree.host.ProcessCommandRunner;

/**
 * Encapsulation is reproducible, readable by skopeo, and round-trips through the importer into
 * another repo.
 */
class EncapsulationIT {

  private final ProcessCommandRunner runner = new ProcessCommandRunner(HostNamespace.NONE);
  private final Encapsulator enc = new Encapsulator(runner);

  @Test
  void sameTreeTwiceGivesTheSameDigestAndImportsBack(@TempDir Path dir) throws Exception {
    Path tree = NestosTrees.write(Files.createDirectories(dir.resolve("tree")), "7");
    Instant t = Instant.parse("2024-06-01T00:00:00Z");
    String c1 = enc.commit(dir.resolve("repo-a"), tree, "7", t);
    String c2 = enc.commit(dir.resolve("repo-b"), tree, "7", t);
    assertThat(c2).isEqualTo(c1);
    EncapsulatedImage a =
        enc.encapsulate(dir.resolve("repo-a"), c1, new OciLayout(dir.resolve("oci-a")), "7");
    EncapsulatedImage b =
        enc.encapsulate(dir.resolve("repo-b"), c2, new OciLayout(dir.resolve("oci-b")), "7");
    assertThat(b.manifestDigest()).isEqualTo(a.manifestDigest());

    String inspect =
        runner
            .run(Command.of("skopeo", "inspect", "oci:" + dir.resolve("oci-a") + ":7"))
            .orThrow()
            .stdout();
    assertThat(inspect)
        .contains(a.manifestDigest().toString())
        .contains("\"ostree.commit\": \"" + c1 + "\"");
    OciLayout layout = new OciLayout(dir.resolve("oci-a"));
    var config =
        ImageConfig.parse(
            Files.readAllBytes(
                layout.blobPath(
                    ImageManifest.parse(layout.manifest(a.manifestDigest()), null)
                        .config()
                        .digest())));
    assertThat(config.labels())
        .containsEntry(OstreeLabels.BOOTABLE, "true")
        .containsEntry(OstreeLabels.VERSION, "7")
        .containsEntry(OstreeLabels.FINAL_DIFFID, a.diffId().toString());

    runner
        .run(Command.of("ostree", "init", "--repo=" + dir.resolve("target"), "--mode=bare"))
        .orThrow();
    ImportedImage imported =
        new OstreeImporter(runner, dir.resolve("work"))
            .importImage(layout, a.manifestDigest(), dir.resolve("target"));
    assertThat(imported.commit()).isEqualTo(c1);
    runner.run(Command.of("ostree", "fsck", "--repo=" + dir.resolve("target"))).orThrow();
  }
}
