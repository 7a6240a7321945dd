package org.openeuler.nestos.ostree.core.ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openeuler.nestos.ostree.core.image.OciDigest;

/**
 * Normalisation follows distribution/reference (docker.io, library/) as containers-image applies
 * it.
 */
class DockerReferenceTest {

  static final String HEX = "41af286dc0b172ed2f1ca934fd2278de4a1192302ffa07087cea2682e7d372e3";

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "busybox                        | docker.io/library/busybox           | busybox",
        "library/busybox:1.36           | docker.io/library/busybox:1.36      | busybox:1.36",
        "index.docker.io/foo/bar        | docker.io/foo/bar                   | foo/bar",
        "localhost/app                  | localhost/app                       | localhost/app",
        "localhost:5000/a/b/c:v1        | localhost:5000/a/b/c:v1             | localhost:5000/a/b/c:v1",
        "quay.io/fedora/fedora-coreos:stable | quay.io/fedora/fedora-coreos:stable | quay.io/fedora/fedora-coreos:stable",
        "127.0.0.1:5000/nestos/nfc      | 127.0.0.1:5000/nestos/nfc           | 127.0.0.1:5000/nestos/nfc",
        "[::1]:5000/nestos/nfc          | [::1]:5000/nestos/nfc               | [::1]:5000/nestos/nfc",
        "Registry.Example.com/a_b/c__d/e-f.g | Registry.Example.com/a_b/c__d/e-f.g | Registry.Example.com/a_b/c__d/e-f.g",
      })
  void normalisesAndPrintsFamiliarForm(String input, String normalised, String familiar) {
    DockerReference ref = DockerReference.parse(input);
    assertThat(ref.toString()).isEqualTo(normalised);
    assertThat(ref.familiarString()).isEqualTo(familiar);
    assertThat(DockerReference.parse(ref.toString())).isEqualTo(ref);
    assertThat(DockerReference.parse(ref.familiarString())).isEqualTo(ref);
  }

  @Test
  void tagAndDigest() {
    DockerReference ref =
        DockerReference.parse("registry.example.com:5000/nestos/nfc:24.03@sha256:" + HEX);
    assertThat(ref.domain()).isEqualTo("registry.example.com:5000");
    assertThat(ref.path()).isEqualTo("nestos/nfc");
    assertThat(ref.tag()).isEqualTo("24.03");
    assertThat(ref.digest()).isEqualTo(new OciDigest(HEX));
    assertThat(ref.name()).isEqualTo("registry.example.com:5000/nestos/nfc");
    assertThat(ref.withoutTag().toString())
        .isEqualTo("registry.example.com:5000/nestos/nfc@sha256:" + HEX);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                             | 0  | the image name is empty",
        "busybox@sha256:abc123abc123    | 15 | invalid digest at position 15: expected 64 hex characters, got 12",
        "quay.io/fedora/fcos@sha256:abc123abc123 | 27 | expected 64 hex characters, got 12",
        "busybox@md5:0123               | 8  | unsupported algorithm \"md5\"",
        "busybox@sha512:0123            | 8  | unsupported algorithm \"sha512\" (expected sha256)",
        "busybox@sha256                 | 8  | expected <algorithm>:<hex>",
        "busybox@sha256:41AF286dc0b172ed2f1ca934fd2278de4a1192302ffa07087cea2682e7d372e3 | 17 | lowercase hex character, got 'A'",
        "Busybox                        | 0  | repository name must be lowercase",
        "quay.io/Fedora/fcos            | 8  | repository name must be lowercase",
        "quay.io//fcos                  | 8  | empty path segment",
        "quay.io/fcos-                  | 8  | invalid repository path",
        "quay.io/fc os                  | 10 | invalid repository path",
        "quay.io/fcos:-bad              | 13 | invalid tag at position 13",
        "quay.io/fcos:                  | 13 | invalid tag",
        "local-.host:5000/x             | 0  | invalid registry host",
        "localhost:50a0/x               | 10 | invalid registry port",
      })
  void rejectsWithWhatAndWhere(String input, int position, String message) {
    assertThatThrownBy(() -> DockerReference.parse(input))
        .isInstanceOfSatisfying(
            ReferenceFormatException.class, e -> assertThat(e.position()).isEqualTo(position))
        .hasMessageContaining(message);
  }

  @Test
  void addressesLocalRegistries() {
    DockerReference ref = DockerReference.parse("127.0.0.1:5000/nestos/os/x86_64:v1");
    assertThat(ref.domain()).isEqualTo("127.0.0.1:5000");
    assertThat(ref.path()).isEqualTo("nestos/os/x86_64");
    OciDigest digest = new OciDigest(HEX);
    assertThat(ref.withDigest(digest))
        .hasToString("127.0.0.1:5000/nestos/os/x86_64:v1@sha256:" + HEX);
    assertThat(ref.repositoryOnly()).hasToString("127.0.0.1:5000/nestos/os/x86_64");
    assertThat(ref.repositoryOnly().withTag("v2"))
        .isEqualTo(DockerReference.parse("127.0.0.1:5000/nestos/os/x86_64:v2"));
    assertThat(ref.repositoryOnly().withDigest(digest).digest()).isEqualTo(digest);
  }

  @Test
  void rejectsTooLongNames() {
    String name = "a/".repeat(128) + "b";
    assertThatThrownBy(() -> DockerReference.parse(name)).hasMessageContaining("longer than 255");
  }
}
