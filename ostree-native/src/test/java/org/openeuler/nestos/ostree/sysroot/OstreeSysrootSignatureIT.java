package org.openeuler.nestos.ostree.sysroot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentEdit;
import org.openeuler.nestos.ostree.host.Command;
import org.openeuler.nestos.ostree.host.HostNamespace;
import org.openeuler.nestos.ostree.host.ProcessCommandRunner;
import org.openeuler.nestos.ostree.image.EncapsulatedImage;
import org.openeuler.nestos.ostree.image.NestosImages;
import org.openeuler.nestos.ostree.image.NestosTrees;
import org.openeuler.nestos.ostree.image.RegistryImageSource;
import org.openeuler.nestos.ostree.registry.RegistryClient;
import org.openeuler.nestos.ostree.testing.LocalRegistry;
import org.openeuler.nestos.ostree.testing.TestGpg;

/**
 * The image reference's signature source on real ostree: {@code ostree-remote-registry:<remote>:}
 * is verified by libostree against the remote's GPG keyring (an unsigned or foreign-signed image is
 * refused, the sysroot unchanged); {@code ostree-image-signed:} (containers policy) is refused
 * before any download.
 */
class OstreeSysrootSignatureIT {

  @RegisterExtension static final LocalRegistry REGISTRY = LocalRegistry.plain();

  private static final ProcessCommandRunner RUNNER = new ProcessCommandRunner(HostNamespace.NONE);
  private static Path work;
  private static RegistryClient client;
  private static TestGpg trusted;
  private static TestGpg foreign;
  private static EncapsulatedImage signed;
  private static EncapsulatedImage unsigned;
  private static EncapsulatedImage foreignSigned;

  @BeforeAll
  static void images() throws Exception {
    work = Files.createTempDirectory("nestos-sig-");
    client = REGISTRY.client();
    trusted = TestGpg.create(work);
    foreign = TestGpg.create(work);
    signed = publish("1", trusted);
    unsigned = publish("2", null);
    foreignSigned = publish("3", foreign);
  }

  @AfterAll
  static void deleteWork() throws Exception {
    trusted.close();
    foreign.close();
    NestosTrees.deleteSysroot(work);
  }

  private static EncapsulatedImage publish(String version, TestGpg signer) throws Exception {
    return NestosImages.publish(REGISTRY, client, work, version, signer);
  }

  private static String remoteRef(EncapsulatedImage image) {
    return "ostree-remote-registry:nestos:"
        + REGISTRY.host()
        + "/nestos/os@"
        + image.manifestDigest();
  }

  private static OstreeSysrootHost host(String name, AtomicInteger opened) throws Exception {
    OstreeSysrootHost host =
        new OstreeSysrootHost(
                work.resolve(name),
                RUNNER,
                img -> {
                  opened.incrementAndGet();
                  return RegistryImageSource.factory(client).apply(img);
                })
            .initialize();
    trusted.addRemote(host.repo(), "nestos", "http://" + REGISTRY.host());
    return host;
  }

  @Test
  void imageSignedByTheRemotesKeyIsStagedAndUnsignedOrForeignSignedOnesAreRefused()
      throws Exception {
    OstreeSysrootHost host = host("sysroot-sig", new AtomicInteger());
    String before = snapshot(host);
    assertThatThrownBy(() -> host.stage(remoteRef(unsigned), KernelArgumentEdit.NONE))
        .hasMessageContaining("signature verification")
        .hasMessageContaining("no signatures found");
    assertThat(snapshot(host)).isEqualTo(before);
    assertThat(hasObject(host, unsigned.commit())).isFalse();
    assertThatThrownBy(() -> host.stage(remoteRef(foreignSigned), KernelArgumentEdit.NONE))
        .hasMessageContaining("signature verification")
        .hasMessageContaining("public key not found");
    assertThat(snapshot(host)).isEqualTo(before);

    host.stage(remoteRef(signed), KernelArgumentEdit.NONE);
    var staged = host.status().staged().orElseThrow();
    assertThat(staged.checksum()).isEqualTo(signed.commit());
    assertThat(staged.imageReference()).isEqualTo(remoteRef(signed));
  }

  @Test
  void anImageStagedUnverifiedIsVerifiedWhenTheSameDigestIsStagedUnderARemote() throws Exception {
    OstreeSysrootHost host = host("sysroot-restage", new AtomicInteger());
    String plain =
        "ostree-unverified-registry:" + REGISTRY.host() + "/nestos/os@" + unsigned.manifestDigest();
    host.stage(plain, KernelArgumentEdit.NONE);
    String before = snapshot(host);
    assertThatThrownBy(() -> host.stage(remoteRef(unsigned), KernelArgumentEdit.NONE))
        .hasMessageContaining("no signatures found");
    assertThat(snapshot(host)).isEqualTo(before);
    assertThat(host.status().staged().orElseThrow().imageReference()).isEqualTo(plain);
  }

  @Test
  void containersPolicyAndUnknownRemotesAreRefused() throws Exception {
    AtomicInteger opened = new AtomicInteger();
    OstreeSysrootHost host = host("sysroot-policy", opened);
    String before = snapshot(host);
    assertThatThrownBy(
            () ->
                host.stage(
                    "ostree-image-signed:docker://"
                        + REGISTRY.host()
                        + "/nestos/os@"
                        + signed.manifestDigest(),
                    KernelArgumentEdit.NONE))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("containers-policy");
    assertThat(opened).hasValue(0);
    assertThatThrownBy(
            () ->
                host.stage(
                    "ostree-remote-registry:other:"
                        + REGISTRY.host()
                        + "/nestos/os@"
                        + signed.manifestDigest(),
                    KernelArgumentEdit.NONE))
        .hasMessageContaining("\"other\"");
    assertThat(snapshot(host)).isEqualTo(before);
  }

  private static boolean hasObject(OstreeSysrootHost host, String commit) {
    return Files.exists(
        host.repo()
            .resolve("objects/" + commit.substring(0, 2) + "/" + commit.substring(2) + ".commit"));
  }

  private static String snapshot(OstreeSysrootHost host) {
    String refs =
        RUNNER.run(Command.of("ostree", "refs", "--repo=" + host.repo())).orThrow().stdout();
    return refs + "\n" + host.adminStatusText() + "\n" + host.status();
  }
}
