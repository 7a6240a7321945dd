package org.openeuler.nestos.ostree.sysroot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.ostree.core.image.Descriptor;
import org.openeuler.nestos.ostree.core.image.ImageConfig;
import org.openeuler.nestos.ostree.core.image.ImageIndex;
import org.openeuler.nestos.ostree.core.image.ImageManifest;
import org.openeuler.nestos.ostree.core.image.InvalidImageException;
import org.openeuler.nestos.ostree.core.image.MediaTypes;
import org.openeuler.nestos.ostree.core.image.OciDigest;
import org.openeuler.nestos.ostree.core.image.OstreeLabels;
import org.openeuler.nestos.ostree.core.image.Platform;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentEdit;
import org.openeuler.nestos.ostree.host.CommandFailedException;
import org.openeuler.nestos.ostree.host.CommandResult;
import org.openeuler.nestos.ostree.host.HostNamespace;
import org.openeuler.nestos.ostree.host.ProcessCommandRunner;
import org.openeuler.nestos.ostree.image.EncapsulatedImage;
import org.openeuler.nestos.ostree.image.Encapsulator;
import org.openeuler.nestos.ostree.image.NestosTrees;
import org.openeuler.nestos.ostree.image.OciLayout;

/**
 * The sysroot backend against hostile images on the real {@code ostree} (issue 11, item e): an
 * image index is resolved by platform as the operator does, a version label that is not the
 * commit's is refused, and neither a failed import nor a failed deploy (nor a killed one) leaves
 * {@code .import-*} or {@code origin-*.conf} behind.
 */
class OstreeSysrootHostileIT {

  private static final ProcessCommandRunner RUNNER = new ProcessCommandRunner(HostNamespace.NONE);
  private static Path work;
  private static OciLayout layout;
  private static EncapsulatedImage v1;
  private static Descriptor v1Manifest;

  @BeforeAll
  static void image() throws Exception {
    work = Files.createTempDirectory("nestos-hostile-");
    Encapsulator enc = new Encapsulator(RUNNER);
    Path tree = NestosTrees.write(Files.createDirectories(work.resolve("tree")), "1");
    String commit =
        enc.commit(work.resolve("build-repo"), tree, "1", Instant.parse("2024-06-01T00:00:00Z"));
    layout = new OciLayout(work.resolve("oci"));
    v1 = enc.encapsulate(work.resolve("build-repo"), commit, layout, "1");
    byte[] manifest = layout.manifest(v1.manifestDigest());
    v1Manifest = new Descriptor(MediaTypes.OCI_MANIFEST, v1.manifestDigest(), manifest.length);
  }

  @AfterAll
  static void clean() throws Exception {
    NestosTrees.deleteSysroot(work);
  }

  private static OstreeSysrootHost host(
      String name, org.openeuler.nestos.ostree.host.CommandRunner r) {
    return new OstreeSysrootHost(work.resolve(name), r, img -> layout).initialize();
  }

  private static String ref(OciDigest digest) {
    return "ostree-unverified-registry:registry.invalid/nestos/os@" + digest;
  }

  @Test
  void aMatchingEntryOfAnImageIndexIsStagedAsTheOperatorAcceptsIt() throws Exception {
    Platform here = Platform.current();
    Platform other =
        new Platform("linux", here.architecture().equals("s390x") ? "riscv64" : "s390x", null);
    byte[] index =
        ImageIndex.oci(
                List.of(
                    new Descriptor(MediaTypes.OCI_MANIFEST, OciDigest.of(new byte[] {1}), 1)
                        .withPlatform(other),
                    v1Manifest.withPlatform(here)))
            .toJson();
    OciDigest indexDigest = layout.writeBlob(index, MediaTypes.OCI_INDEX).digest();
    OstreeSysrootHost host = host("sysroot-index", RUNNER);
    host.stage(ref(indexDigest), KernelArgumentEdit.NONE);
    assertThat(host.status().staged().orElseThrow().checksum()).isEqualTo(v1.commit());
    assertThat(host.status().staged().orElseThrow().imageDigest())
        .isEqualTo(indexDigest.toString());
  }

  @Test
  void aVersionLabelThatIsNotTheCommitsVersionIsRefused() throws Exception {
    Map<String, String> labels = new TreeMap<>();
    labels.put(OstreeLabels.COMMIT, v1.commit());
    labels.put(OstreeLabels.BOOTABLE, "true");
    labels.put(OstreeLabels.VERSION, "9");
    Descriptor config =
        layout.writeBlob(
            new ImageConfig(
                    labels, "linux", Platform.current().architecture(), List.of(v1.diffId()))
                .toJson("2024-06-01T00:00:00Z", "test"),
            MediaTypes.OCI_CONFIG);
    Descriptor manifest =
        layout.writeBlob(
            ImageManifest.oci(config, List.of(v1.layer()), Map.of()).toJson(),
            MediaTypes.OCI_MANIFEST);
    OstreeSysrootHost host = host("sysroot-version", RUNNER);
    String before = host.adminStatusText();
    assertThatThrownBy(() -> host.stage(ref(manifest.digest()), KernelArgumentEdit.NONE))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("org.opencontainers.image.version=9 but commit")
        .hasMessageContaining("is version 1");
    assertThat(host.adminStatusText()).isEqualTo(before);
    assertNoLeftovers(work.resolve("sysroot-version"));
  }

  @Test
  void aFailedDeployLeavesNoOriginFileAndKilledLeftoversAreRemoved() throws Exception {
    Path root = work.resolve("sysroot-leftovers");
    OstreeSysrootHost failing =
        host(
            "sysroot-leftovers",
            c ->
                c.argv().size() > 2 && c.argv().get(2).equals("deploy")
                    ? new CommandResult(
                        c, 1, "", "simulated deploy failure", java.time.Duration.ZERO)
                    : RUNNER.run(c));
    assertThatThrownBy(() -> failing.stage(ref(v1.manifestDigest()), KernelArgumentEdit.NONE))
        .isInstanceOf(CommandFailedException.class);
    assertNoLeftovers(root);

    // what a kill inside the import or the deploy leaves
    Files.createDirectories(root.resolve("ostree/tmp-import/.import-12345/objects"));
    Files.writeString(root.resolve("nestos-sim/origin-6789.conf"), "[origin]\n");
    OstreeSysrootHost host = new OstreeSysrootHost(root, RUNNER, img -> layout).initialize();
    host.stage(ref(v1.manifestDigest()), KernelArgumentEdit.NONE);
    assertThat(host.status().staged()).isPresent();
    assertNoLeftovers(root);
  }

  private static void assertNoLeftovers(Path sysroot) throws Exception {
    for (Path d : List.of(sysroot.resolve("ostree/tmp-import"), sysroot.resolve("nestos-sim"))) {
      if (Files.isDirectory(d)) {
        try (Stream<Path> files = Files.list(d)) {
          assertThat(files.map(p -> p.getFileName().toString()))
              .as("left in %s", d)
              .noneMatch(n -> n.startsWith(".import-") || n.startsWith("origin-"));
        }
      }
    }
  }
}
