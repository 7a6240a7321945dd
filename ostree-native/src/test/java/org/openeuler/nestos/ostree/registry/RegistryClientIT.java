package org.openeuler.nestos.ostree.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.ostree.core.image.Descriptor;
import org.openeuler.nestos.ostree.core.image.DigestMismatchException;
import org.openeuler.nestos.ostree.core.image.ImageIndex;
import org.openeuler.nestos.ostree.core.image.MediaTypes;
import org.openeuler.nestos.ostree.core.image.OciDigest;
import org.openeuler.nestos.ostree.core.image.OstreeLabels;
import org.openeuler.nestos.ostree.core.image.Platform;
import org.openeuler.nestos.ostree.core.ref.DockerReference;
import org.openeuler.nestos.ostree.testing.LocalRegistry;
import org.openeuler.nestos.ostree.testing.TestImages;

/**
 * The client against a real Debian docker-registry on loopback (plain HTTP, explicitly allowed).
 */
class RegistryClientIT {

  @RegisterExtension static final LocalRegistry REGISTRY = LocalRegistry.plain();

  private static final Map<String, String> LABELS =
      Map.of(
          OstreeLabels.VERSION,
          "24.03.1",
          OstreeLabels.BOOTABLE,
          "true",
          OstreeLabels.COMMIT,
          "a".repeat(64),
          "vendor",
          "NestOS test");

  @Test
  void pushThenPullRoundTripsLabelsAndLayers(@TempDir Path tmp) throws IOException {
    RegistryClient client = REGISTRY.client();
    DockerReference ref = REGISTRY.ref("nestos/os:v1");
    TestImages.Image pushed = TestImages.push(client, ref, LABELS, "v1");

    ImageInfo info = client.inspect(ref);
    assertThat(info.manifestDigest()).isEqualTo(pushed.digest());
    assertThat(info.ref()).isEqualTo(REGISTRY.ref("nestos/os@" + pushed.digest()));
    assertThat(info.indexDigest()).isNull();
    assertThat(info.config().labels()).isEqualTo(LABELS);
    assertThat(info.config().version()).contains("24.03.1");
    assertThat(info.config().bootable()).isTrue();
    assertThat(info.config().ostreeCommit()).contains("a".repeat(64));
    assertThat(info.layers()).isEqualTo(pushed.manifest().layers());

    Path target = tmp.resolve("layer.tar.gz");
    client.fetchBlob(ref, info.layers().get(0), target);
    assertThat(Files.readAllBytes(target)).isEqualTo(pushed.layers().get(0));
  }

  @Test
  void fetchByDigestVerifiesTheManifest() throws IOException {
    RegistryClient client = REGISTRY.client();
    TestImages.Image pushed =
        TestImages.push(client, REGISTRY.ref("nestos/os:bydigest"), LABELS, "by digest");
    DockerReference byDigest = REGISTRY.ref("nestos/os@" + pushed.digest());

    Manifest m = client.getManifest(byDigest);
    assertThat(m.digest()).isEqualTo(pushed.digest());
    assertThat(m.body()).isEqualTo(pushed.manifestJson());
    assertThat(m.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    Descriptor head = client.headManifest(REGISTRY.ref("nestos/os:bydigest"));
    assertThat(head)
        .isEqualTo(
            new Descriptor(MediaTypes.OCI_MANIFEST, pushed.digest(), pushed.manifestJson().length));
    assertThat(client.inspect(byDigest).config().labels()).isEqualTo(LABELS);
  }

  @Test
  void aTamperedBlobFailsWithADigestErrorAndLeavesNoFile(@TempDir Path tmp) throws IOException {
    RegistryClient client = REGISTRY.client();
    DockerReference ref = REGISTRY.ref("nestos/tampered:v1");
    TestImages.Image pushed = TestImages.push(client, ref, LABELS, "to be tampered with");
    Descriptor layer = pushed.manifest().layers().get(0);
    try (RandomAccessFile f =
        new RandomAccessFile(REGISTRY.blobData(layer.digest()).toFile(), "rw")) {
      f.seek(layer.size() / 2);
      int b = f.read();
      f.seek(layer.size() / 2);
      f.write(b ^ 0x01);
    }

    Path target = tmp.resolve("out/layer.tar.gz");
    assertThatThrownBy(() -> client.fetchBlob(ref, layer, target))
        .isInstanceOf(DigestMismatchException.class)
        .satisfies(
            e -> assertThat(((DigestMismatchException) e).expected()).isEqualTo(layer.digest()));
    assertThat(target).doesNotExist();
    try (Stream<Path> left = Files.list(target.getParent())) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void notFoundIsTypedByWhatIsMissing() throws IOException {
    RegistryClient client = REGISTRY.client();
    DockerReference ref = REGISTRY.ref("nestos/present:v1");
    TestImages.push(client, ref, LABELS, "present");
    OciDigest absent = OciDigest.of("absent".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> client.getManifest(REGISTRY.ref("nestos/present:nope")))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> {
              assertThat(e.what()).isEqualTo(NotFoundException.What.MANIFEST);
              assertThat(e.code()).isEqualTo("MANIFEST_UNKNOWN");
            });
    assertThatThrownBy(() -> client.headManifest(REGISTRY.ref("nestos/present@" + absent)))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> assertThat(e.what()).isEqualTo(NotFoundException.What.MANIFEST));
    assertThatThrownBy(
            () -> client.getBlob(ref, new Descriptor(MediaTypes.OCI_CONFIG, absent, 6), 100))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> assertThat(e.what()).isEqualTo(NotFoundException.What.BLOB));
    // distribution 2.8 answers MANIFEST_UNKNOWN (not NAME_UNKNOWN) for a repository it has never
    // seen
    assertThatThrownBy(() -> client.getManifest(REGISTRY.ref("nestos/never-pushed:v1")))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.code()).isEqualTo("MANIFEST_UNKNOWN"));
    assertThat(client.blobExists(ref, absent)).isFalse();
  }

  @Test
  void anIndexResolvesToTheNodesPlatform() throws IOException {
    RegistryClient client = REGISTRY.client();
    DockerReference repo = REGISTRY.ref("nestos/multi");
    Platform arm64 = new Platform("linux", "arm64", "v8");
    TestImages.Image amd =
        TestImages.push(
            client,
            repo.withDigest(
                TestImages.build(
                        LABELS, Platform.LINUX_AMD64, List.of(Map.of("arch", "amd64".getBytes())))
                    .digest()),
            LABELS,
            Platform.LINUX_AMD64,
            List.of(Map.of("arch", "amd64".getBytes())));
    TestImages.Image arm =
        TestImages.push(
            client,
            repo.withDigest(
                TestImages.build(LABELS, arm64, List.of(Map.of("arch", "arm64".getBytes())))
                    .digest()),
            LABELS,
            arm64,
            List.of(Map.of("arch", "arm64".getBytes())));
    ImageIndex index =
        ImageIndex.oci(
            List.of(
                new Descriptor(MediaTypes.OCI_MANIFEST, arm.digest(), arm.manifestJson().length)
                    .withPlatform(arm64),
                new Descriptor(MediaTypes.OCI_MANIFEST, amd.digest(), amd.manifestJson().length)
                    .withPlatform(Platform.LINUX_AMD64)));
    OciDigest indexDigest = client.pushManifest(repo.withTag("v1"), index);

    ImageInfo onAmd = client.inspect(repo.withTag("v1"));
    assertThat(onAmd.manifestDigest()).isEqualTo(amd.digest());
    assertThat(onAmd.indexDigest()).isEqualTo(indexDigest);
    ImageInfo onArm =
        client.inspect(repo.withDigest(indexDigest), Platform.parse("linux/arm64/v8"));
    assertThat(onArm.manifestDigest()).isEqualTo(arm.digest());
    assertThat(client.getManifest(repo.withTag("v1")).isIndex()).isTrue();
    assertThatThrownBy(() -> client.inspect(repo.withTag("v1"), Platform.parse("linux/s390x")))
        .isInstanceOfSatisfying(
            NoMatchingPlatformException.class,
            e -> assertThat(e.offered()).containsExactly("linux/arm64/v8", "linux/amd64"));
  }

  @Test
  void pushingTheSameBlobTwiceIsANoOpAndLargeFilesStream(@TempDir Path tmp) throws IOException {
    RegistryClient client = REGISTRY.client();
    DockerReference repo = REGISTRY.ref("nestos/big");
    Path file = tmp.resolve("big.bin");
    byte[] chunk = new byte[1 << 20];
    new java.util.Random(7).nextBytes(chunk);
    try (var out = Files.newOutputStream(file)) {
      for (int i = 0; i < 8; i++) {
        out.write(chunk);
      }
    }
    Descriptor first = client.pushBlob(repo, file, MediaTypes.OCI_LAYER_GZIP);
    Descriptor again = client.pushBlob(repo, file, MediaTypes.OCI_LAYER_GZIP);
    assertThat(again).isEqualTo(first);
    assertThat(first.size()).isEqualTo(8L << 20);
    assertThat(client.blobExists(repo, first.digest())).isTrue();
    Path back = tmp.resolve("back.bin");
    client.fetchBlob(repo, first, back);
    assertThat(Files.mismatch(file, back)).isEqualTo(-1L);
    assertThatThrownBy(
            () ->
                client.fetchBlob(
                    repo,
                    new Descriptor(first.mediaType(), first.digest(), 10),
                    tmp.resolve("short.bin")))
        .isInstanceOf(SizeMismatchException.class);
    assertThat(tmp.resolve("short.bin")).doesNotExist();
  }
}
