package org.openeuler.nestos.ostree.sysroot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openeuler.nestos.ostree.core.image.Descriptor;
import org.openeuler.nestos.ostree.core.image.ImageConfig;
import org.openeuler.nestos.ostree.core.image.ImageManifest;
import org.openeuler.nestos.ostree.core.image.InvalidImageException;
import org.openeuler.nestos.ostree.core.image.MediaTypes;
import org.openeuler.nestos.ostree.core.image.OciDigest;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentEdit;
import org.openeuler.nestos.ostree.core.status.Deployment;
import org.openeuler.nestos.ostree.core.status.OsStatus;
import org.openeuler.nestos.ostree.core.sysroot.AdminDeployment;
import org.openeuler.nestos.ostree.core.sysroot.AdminStatusParser;
import org.openeuler.nestos.ostree.host.Command;
import org.openeuler.nestos.ostree.host.HostNamespace;
import org.openeuler.nestos.ostree.host.ProcessCommandRunner;
import org.openeuler.nestos.ostree.image.EncapsulatedImage;
import org.openeuler.nestos.ostree.image.Encapsulator;
import org.openeuler.nestos.ostree.image.ImageSource;
import org.openeuler.nestos.ostree.image.NestosTrees;
import org.openeuler.nestos.ostree.image.OciLayout;
import org.openeuler.nestos.ostree.image.RegistryImageSource;
import org.openeuler.nestos.ostree.image.RegistryPublisher;
import org.openeuler.nestos.ostree.registry.RegistryClient;
import org.openeuler.nestos.ostree.testing.LocalRegistry;

/**
 * The issue's end-to-end path on real ostree + a real registry: v1, v2 encapsulated and pushed; v1
 * pulled by digest and deployed; v2 staged locked; unplanned reboot boots v1; finalize + reboot
 * boots v2; rollback boots v1. Then tampering: corrupt blob, tag reference, unlabelled image,
 * import aborted midway — sysroot unchanged each time; and cleanup, which keeps only the booted and
 * pinned deployments.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OstreeSysrootEndToEndIT {

  @RegisterExtension static final LocalRegistry REGISTRY = LocalRegistry.plain();

  private static final ProcessCommandRunner RUNNER = new ProcessCommandRunner(HostNamespace.NONE);
  private static final Instant T = Instant.parse("2024-06-01T00:00:00Z");
  private static Path work;
  private static RegistryClient client;
  private static EncapsulatedImage v1;
  private static EncapsulatedImage v2;
  private static EncapsulatedImage v3;

  @BeforeAll
  static void images() throws Exception {
    work = Files.createTempDirectory("nestos-e2e-");
    client = REGISTRY.client();
    v1 = publish("1", "nestos/os");
    v2 = publish("2", "nestos/os");
    v3 = publish("3", "tamper/os");
  }

  @AfterAll
  static void deleteWork() throws Exception {
    NestosTrees.deleteSysroot(work);
  }

  private static EncapsulatedImage publish(String version, String repo) throws Exception {
    Encapsulator enc = new Encapsulator(RUNNER);
    Path tree =
        NestosTrees.write(Files.createDirectories(work.resolve("tree-" + version)), version);
    String commit = enc.commit(work.resolve("build-repo"), tree, version, T);
    OciLayout layout = new OciLayout(work.resolve("oci-" + version));
    EncapsulatedImage image = enc.encapsulate(work.resolve("build-repo"), commit, layout, version);
    OciDigest pushed =
        new RegistryPublisher(client)
            .push(layout, image.manifestDigest(), REGISTRY.ref(repo + ":" + version));
    assertThat(pushed).isEqualTo(image.manifestDigest());
    return image;
  }

  private static String ref(String repo, EncapsulatedImage image) {
    return "ostree-unverified-registry:"
        + REGISTRY.host()
        + "/"
        + repo
        + "@"
        + image.manifestDigest();
  }

  private static OstreeSysrootHost host(String name) {
    return new OstreeSysrootHost(work.resolve(name), RUNNER, RegistryImageSource.factory(client))
        .initialize();
  }

  private static List<AdminDeployment> admin(OstreeSysrootHost host) {
    String text = host.adminStatusText();
    System.out.println("$ ostree admin status\n" + text);
    return AdminStatusParser.parse(text);
  }

  private static String booted(OsStatus s) {
    return s.booted().map(Deployment::version).orElse("none");
  }

  @Test
  @Order(1)
  void stageFinalizeRebootRollback() {
    OstreeSysrootHost host = host("sysroot-e2e");
    host.stage(
        ref("nestos/os", v1),
        new KernelArgumentEdit(List.of(), List.of("console=ttyS0", "root=LABEL=root")));
    host.finalizeAndReboot(v1.commit());
    OsStatus s = host.status();
    System.out.println("deployed v1: booted=" + booted(s) + " " + s);
    assertThat(s.booted().orElseThrow().checksum()).isEqualTo(v1.commit());
    assertThat(s.booted().orElseThrow().imageDigest()).isEqualTo(v1.manifestDigest().toString());

    String boot1 = host.bootId();
    host.stage(
        ref("nestos/os", v2),
        new KernelArgumentEdit(List.of("console=ttyS0"), List.of("nestos.v=2")));
    s = host.status();
    Deployment staged = s.staged().orElseThrow();
    assertThat(staged.checksum()).isEqualTo(v2.commit());
    assertThat(staged.finalizationLocked()).isTrue();
    assertThat(staged.kernelArguments())
        .contains("root=LABEL=root", "nestos.v=2")
        .doesNotContain("console=ttyS0");
    assertThat(admin(host).get(0).checksum()).isEqualTo(v1.commit());
    System.out.println("staged v2 locked: booted=" + booted(s) + " staged=" + staged.version());

    host.reboot();
    s = host.status();
    System.out.println(
        "unplanned reboot: booted="
            + booted(s)
            + " bootId changed="
            + !boot1.equals(host.bootId()));
    assertThat(host.bootId()).isNotEqualTo(boot1);
    assertThat(s.booted().orElseThrow().checksum()).isEqualTo(v1.commit());
    assertThat(s.staged().orElseThrow().checksum()).isEqualTo(v2.commit());

    host.pin(v1.commit());
    host.finalizeAndReboot(v2.commit());
    s = host.status();
    System.out.println(
        "finalize + reboot: booted="
            + booted(s)
            + " rollback="
            + s.rollback().map(Deployment::version));
    assertThat(s.booted().orElseThrow().checksum()).isEqualTo(v2.commit());
    assertThat(s.booted().orElseThrow().kernelArguments()).contains("nestos.v=2");
    assertThat(s.staged()).isEmpty();
    assertThat(admin(host).get(0).checksum()).isEqualTo(v2.commit());

    host.rollback();
    s = host.status();
    System.out.println("rollback: booted=" + booted(s));
    List<AdminDeployment> real = admin(host);
    assertThat(real.get(0).checksum()).isEqualTo(v1.commit());
    assertThat(s.booted().orElseThrow().checksum()).isEqualTo(v1.commit());
    assertThat(s.booted().orElseThrow().kernelArguments()).contains("console=ttyS0");
  }

  @Test
  @Order(2)
  void stagingTheSameImageTwiceIsANoOp() {
    OstreeSysrootHost host = host("sysroot-noop");
    KernelArgumentEdit kargs = new KernelArgumentEdit(List.of(), List.of("quiet"));
    host.stage(ref("nestos/os", v1), kargs);
    String before = host.adminStatusText();
    host.stage(ref("nestos/os", v1), kargs);
    assertThat(host.adminStatusText()).isEqualTo(before);
    host.cleanup();
    assertThat(host.status().deployments()).isEmpty();
  }

  @Test
  @Order(3)
  void flippedByteInRegistryBlobFailsWithDigestErrorAndLeavesSysrootUnchanged() throws Exception {
    OstreeSysrootHost host = bootedOnV1("sysroot-tamper");
    String before = snapshot(host);
    Path data = REGISTRY.blobData(v3.layer().digest());
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(data, bytes);
    assertThatThrownBy(() -> host.stage(ref("tamper/os", v3), KernelArgumentEdit.NONE))
        .hasMessageContaining("digest");
    assertThat(snapshot(host)).isEqualTo(before);
  }

  @Test
  @Order(4)
  void referenceByTagIsRejectedBeforeAnyDownload() {
    AtomicInteger opened = new AtomicInteger();
    OstreeSysrootHost host =
        new OstreeSysrootHost(
                work.resolve("sysroot-tag"),
                RUNNER,
                img -> {
                  opened.incrementAndGet();
                  return RegistryImageSource.factory(client).apply(img);
                })
            .initialize();
    assertThatThrownBy(
            () ->
                host.stage(
                    "ostree-unverified-registry:" + REGISTRY.host() + "/nestos/os:1",
                    KernelArgumentEdit.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not pinned");
    assertThat(opened).hasValue(0);
  }

  @Test
  @Order(5)
  void imageWithoutOstreeLabelsIsRejected() throws Exception {
    OciLayout layout = new OciLayout(work.resolve("oci-1"));
    Descriptor config =
        layout.writeBlob(
            new ImageConfig(Map.of("maintainer", "x"), "linux", "amd64", List.of(v1.diffId()))
                .toJson("2024-06-01T00:00:00Z", "test"),
            MediaTypes.OCI_CONFIG);
    Descriptor manifest =
        layout.writeBlob(
            ImageManifest.oci(config, List.of(v1.layer()), Map.of()).toJson(),
            MediaTypes.OCI_MANIFEST);
    new RegistryPublisher(client).push(layout, manifest.digest(), REGISTRY.ref("plain/os:1"));
    OstreeSysrootHost host = bootedOnV1("sysroot-plain");
    String before = snapshot(host);
    assertThatThrownBy(
            () ->
                host.stage(
                    "ostree-unverified-registry:"
                        + REGISTRY.host()
                        + "/plain/os@"
                        + manifest.digest(),
                    KernelArgumentEdit.NONE))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("not an ostree-native container image");
    assertThat(snapshot(host)).isEqualTo(before);
  }

  @Test
  @Order(6)
  void importAbortedAtARandomPointLeavesSysrootUnchanged() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int round = 0; round < 3; round++) {
      long limit = 1 + random.nextInt((int) v2.layer().size() - 1);
      OstreeSysrootHost host =
          new OstreeSysrootHost(
                  work.resolve("sysroot-abort-" + round),
                  RUNNER,
                  img -> aborting(RegistryImageSource.factory(client).apply(img), limit))
              .initialize();
      String before = snapshot(host);
      assertThatThrownBy(() -> host.stage(ref("nestos/os", v2), KernelArgumentEdit.NONE))
          .as("seed %d, abort after %d bytes", seed, limit)
          .hasMessageContaining("aborted");
      assertThat(snapshot(host)).isEqualTo(before);
    }
  }

  @Test
  @Order(7)
  void cleanupRemovesStagedAndRollbackButKeepsPinnedDeployments() {
    OstreeSysrootHost host = bootedOnV1("sysroot-cleanup");
    host.stage(ref("nestos/os", v2), KernelArgumentEdit.NONE);
    host.finalizeAndReboot(v2.commit());
    host.stage(ref("nestos/os", v1), new KernelArgumentEdit(List.of(), List.of("quiet")));
    host.cleanup();
    assertThat(host.status().deployments())
        .singleElement()
        .satisfies(d -> assertThat(d.booted() && d.checksum().equals(v2.commit())).isTrue());

    host.stage(ref("nestos/os", v1), KernelArgumentEdit.NONE);
    host.finalizeAndReboot(v1.commit());
    host.pin(v2.commit());
    host.stage(ref("nestos/os", v2), new KernelArgumentEdit(List.of(), List.of("quiet")));
    host.cleanup();
    OsStatus s = host.status();
    System.out.println("cleanup with pinned rollback: " + s);
    assertThat(s.staged()).isEmpty();
    assertThat(s.booted().orElseThrow().checksum()).isEqualTo(v1.commit());
    assertThat(s.rollback().orElseThrow().checksum()).isEqualTo(v2.commit());
    assertThat(s.rollback().orElseThrow().pinned()).isTrue();
    assertThat(s.deployments()).hasSize(2);
  }

  private static OstreeSysrootHost bootedOnV1(String name) {
    OstreeSysrootHost host = host(name);
    host.stage(ref("nestos/os", v1), KernelArgumentEdit.NONE);
    host.finalizeAndReboot(v1.commit());
    return host;
  }

  /** Refs + {@code ostree admin status}: what "the sysroot is unchanged" means. */
  private static String snapshot(OstreeSysrootHost host) {
    String refs =
        RUNNER.run(Command.of("ostree", "refs", "--repo=" + host.repo())).orThrow().stdout();
    return refs + "\n" + host.adminStatusText() + "\n" + host.status();
  }

  private static ImageSource aborting(ImageSource delegate, long limit) {
    return new ImageSource() {
      @Override
      public byte[] manifest(OciDigest digest) throws IOException {
        return delegate.manifest(digest);
      }

      @Override
      public InputStream blob(Descriptor blob) throws IOException {
        InputStream in = delegate.blob(blob);
        if (!blob.mediaType().equals(MediaTypes.OCI_LAYER_GZIP)) {
          return in;
        }
        return new java.io.FilterInputStream(in) {
          long read;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (read >= limit) {
              throw new IOException("aborted after " + read + " bytes (simulated kill)");
            }
            int n = super.read(b, off, (int) Math.min(len, limit - read));
            read += Math.max(n, 0);
            return n;
          }
        };
      }
    };
  }
}
