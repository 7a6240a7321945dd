package org.openeuler.nestos.ostree.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PinnedImageTest {

  private static final String D = "sha256:" + "1".repeat(64);

  @Test
  void parsesTransports() {
    PinnedImage p = PinnedImage.parse("ostree-unverified-registry:127.0.0.1:5000/nestos/os@" + D);
    assertThat(p.registry()).isEqualTo("127.0.0.1:5000");
    assertThat(p.repository()).isEqualTo("nestos/os");
    assertThat(PinnedImage.parse("ostree-remote-image:nestos:docker://quay.io/a/b@" + D).registry())
        .isEqualTo("quay.io");
    assertThat(PinnedImage.parse("busybox@" + D).repository()).isEqualTo("library/busybox");
  }

  @Test
  void tagsAreRefused() {
    assertThatThrownBy(() -> PinnedImage.parse("ostree-unverified-registry:quay.io/a/b:1"))
        .hasMessageContaining("not pinned by digest");
  }
}
