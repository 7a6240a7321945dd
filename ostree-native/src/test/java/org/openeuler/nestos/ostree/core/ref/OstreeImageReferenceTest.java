package org.openeuler.nestos.ostree.core.ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Forms from ostree-rs-ext {@code lib/src/container/mod.rs} ({@code OstreeImageReference}, {@code
 * Transport}) and rpm-ostree status output, e.g. coreos/zincati {@code
 * tests/fixtures/rpm-ostree-oci-status.json} ({@code
 * ostree-remote-image:fedora:registry:quay.io/fedora/fedora-coreos@sha256:...}).
 */
class OstreeImageReferenceTest {

  static final String DIGEST = "sha256:" + DockerReferenceTest.HEX;

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ostree-unverified-registry:quay.io/nestos/nfc@SHA | UNVERIFIED | | REGISTRY | quay.io/nestos/nfc@SHA | ostree-unverified-registry:quay.io/nestos/nfc@SHA",
        "ostree-unverified-image:docker://quay.io/nestos/nfc:v1 | UNVERIFIED | | REGISTRY | quay.io/nestos/nfc:v1 | ostree-unverified-registry:quay.io/nestos/nfc:v1",
        "ostree-unverified-image:registry:busybox | UNVERIFIED | | REGISTRY | docker.io/library/busybox | ostree-unverified-registry:docker.io/library/busybox",
        "ostree-unverified-image:oci:/var/tmp/img:v1 | UNVERIFIED | | OCI_DIR | /var/tmp/img:v1 | ostree-unverified-image:oci:/var/tmp/img:v1",
        "ostree-unverified-image:oci-archive:/tmp/nfc.tar | UNVERIFIED | | OCI_ARCHIVE | /tmp/nfc.tar | ostree-unverified-image:oci-archive:/tmp/nfc.tar",
        "ostree-unverified-image:containers-storage:localhost/nfc | UNVERIFIED | | CONTAINERS_STORAGE | localhost/nfc | ostree-unverified-image:containers-storage:localhost/nfc",
        "ostree-remote-registry:fedora:quay.io/fedora/fedora-coreos@SHA | OSTREE_REMOTE | fedora | REGISTRY | quay.io/fedora/fedora-coreos@SHA | ostree-remote-registry:fedora:quay.io/fedora/fedora-coreos@SHA",
        "ostree-remote-image:fedora:registry:quay.io/fedora/fedora-coreos@SHA | OSTREE_REMOTE | fedora | REGISTRY | quay.io/fedora/fedora-coreos@SHA | ostree-remote-registry:fedora:quay.io/fedora/fedora-coreos@SHA",
        "ostree-remote-image:nestos:docker://r.example.com:5000/n/nfc@SHA | OSTREE_REMOTE | nestos | REGISTRY | r.example.com:5000/n/nfc@SHA | ostree-remote-registry:nestos:r.example.com:5000/n/nfc@SHA",
        "ostree-remote-image:nestos:oci:/srv/nfc | OSTREE_REMOTE | nestos | OCI_DIR | /srv/nfc | ostree-remote-image:nestos:oci:/srv/nfc",
        "ostree-image-signed:docker://quay.io/nestos/nfc@SHA | CONTAINER_POLICY | | REGISTRY | quay.io/nestos/nfc@SHA | ostree-image-signed:docker://quay.io/nestos/nfc@SHA",
        "ostree-image-signed:registry:quay.io/nestos/nfc@SHA | CONTAINER_POLICY | | REGISTRY | quay.io/nestos/nfc@SHA | ostree-image-signed:docker://quay.io/nestos/nfc@SHA",
      })
  void parsesEveryTransport(
      String input,
      SignatureSource.Verification verification,
      String remote,
      ImageTransport transport,
      String name,
      String canonical) {
    OstreeImageReference ref = OstreeImageReference.parse(input.replace("SHA", DIGEST));
    assertThat(ref.signature()).isEqualTo(new SignatureSource(verification, remote));
    assertThat(ref.image().transport()).isEqualTo(transport);
    assertThat(ref.image().name()).isEqualTo(name.replace("SHA", DIGEST));
    assertThat(ref.toString()).isEqualTo(canonical.replace("SHA", DIGEST));
    assertThat(OstreeImageReference.parse(ref.toString())).isEqualTo(ref);
  }

  @Test
  void shorthandAndLongFormAreEqual() {
    assertThat(
            OstreeImageReference.parse(
                "ostree-remote-image:fedora:registry:quay.io/fedora/fedora-coreos:stable"))
        .isEqualTo(
            OstreeImageReference.parse(
                "ostree-remote-registry:fedora:quay.io/fedora/fedora-coreos:stable"));
    assertThat(OstreeImageReference.parse("ostree-unverified-image:docker://busybox"))
        .isEqualTo(
            OstreeImageReference.parse("ostree-unverified-registry:docker.io/library/busybox"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "quay.io/nestos/nfc                           | 0  | unknown signature source",
        "ostree-unverified:quay.io/x                  | 0  | unknown signature source",
        "ostree-unverified-image:quay.io/x            | 24 | unknown transport",
        "ostree-unverified-image:docker:quay.io/x     | 31 | expected \"docker://\"",
        "ostree-unverified-image:oci:                 | 28 | needs a non-empty name",
        "ostree-unverified-registry:                  | 27 | the image name is empty",
        "ostree-unverified-registry:quay.io/x@sha256:abc123abc123 | 44 | invalid digest at position 44: expected 64 hex characters, got 12",
        "ostree-remote-registry:quay.io/x             | 32 | missing ':'",
        "ostree-remote-registry:my/remote:quay.io/x   | 23 | invalid ostree remote name",
        "ostree-remote-registry:fedora                | 29 | missing ':'",
        "ostree-remote-image::docker://quay.io/x      | 20 | invalid ostree remote name",
        "ostree-remote-image:fedora:quay.io/x         | 27 | unknown transport",
        "ostree-image-signed:docker://quay.io/X       | 37 | repository name must be lowercase",
      })
  void rejectsWithWhatAndWhere(String input, int position, String message) {
    assertThatThrownBy(() -> OstreeImageReference.parse(input))
        .isInstanceOfSatisfying(
            ReferenceFormatException.class, e -> assertThat(e.position()).isEqualTo(position))
        .hasMessageContaining(message);
  }

  @Test
  void buildsTheTransportFormFromThePolicy() {
    String plain = "registry.example.com/nestos/nfc@" + DIGEST;
    assertThat(OstreeImageReference.forPolicy(plain, ImagePolicy.UNVERIFIED))
        .hasToString("ostree-unverified-registry:" + plain);
    assertThat(OstreeImageReference.forPolicy(plain, ImagePolicy.ostreeRemote("nestos")))
        .hasToString("ostree-remote-registry:nestos:" + plain);
    assertThat(OstreeImageReference.forPolicy(plain, ImagePolicy.CONTAINERS_POLICY))
        .hasToString("ostree-image-signed:docker://" + plain);
    assertThat(
            OstreeImageReference.forPolicy(plain, ImagePolicy.of("OstreeRemote", "nestos"))
                .verified())
        .isTrue();
  }

  @Test
  void pinnedRegistryImageAcceptsTransportAndPlainForms() {
    DockerReference ref =
        OstreeImageReference.pinnedRegistryImage(
            "ostree-unverified-registry:127.0.0.1:5000/nestos/os@" + DIGEST);
    assertThat(ref.domain()).isEqualTo("127.0.0.1:5000");
    assertThat(ref.path()).isEqualTo("nestos/os");
    assertThat(ref.digest()).hasToString(DIGEST);
    assertThat(
            OstreeImageReference.pinnedRegistryImage(
                    "ostree-remote-image:nestos:docker://quay.io/a/b@" + DIGEST)
                .domain())
        .isEqualTo("quay.io");
    assertThat(OstreeImageReference.pinnedRegistryImage("docker://quay.io/a/b:1@" + DIGEST).path())
        .isEqualTo("a/b");
    assertThat(OstreeImageReference.pinnedRegistryImage("busybox@" + DIGEST).path())
        .isEqualTo("library/busybox");
  }

  @Test
  void pinnedRegistryImageRefusesTagsAndOtherTransports() {
    assertThatThrownBy(
            () ->
                OstreeImageReference.pinnedRegistryImage(
                    "ostree-unverified-registry:quay.io/a/b:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not pinned by digest");
    assertThatThrownBy(() -> OstreeImageReference.pinnedRegistryImage("quay.io/a/b"))
        .hasMessageContaining("not pinned");
    assertThatThrownBy(
            () -> OstreeImageReference.pinnedRegistryImage("ostree-unverified-image:oci:/srv/nfc"))
        .hasMessageContaining("not a registry image");
  }

  @Test
  void policyRequiresADigest() {
    assertThatThrownBy(
            () ->
                OstreeImageReference.forPolicy("quay.io/nestos/nfc:latest", ImagePolicy.UNVERIFIED))
        .isInstanceOf(ReferenceFormatException.class)
        .hasMessageContaining("pinned by digest");
    assertThatThrownBy(() -> ImagePolicy.of("OstreeRemote", null))
        .hasMessageContaining("remote name");
    assertThatThrownBy(() -> ImagePolicy.of("Signed", null))
        .hasMessageContaining("unknown image policy");
  }
}
