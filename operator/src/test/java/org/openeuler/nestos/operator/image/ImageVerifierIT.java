package org.openeuler.nestos.operator.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openeuler.nestos.ostree.core.image.OstreeLabels;
import org.openeuler.nestos.ostree.testing.LocalRegistry;
import org.openeuler.nestos.ostree.testing.TestImages;

/** The OSVersion image check against Debian's docker-registry on 127.0.0.1. */
class ImageVerifierIT {

  @RegisterExtension static final LocalRegistry REGISTRY = LocalRegistry.plain();

  static final String COMMIT = "a".repeat(64);

  ImageVerifier verifier() {
    return new ImageVerifier(secret -> REGISTRY.client());
  }

  @Test
  void anOstreeImagePinnedByDigestIsAvailableWithItsVersion() throws Exception {
    TestImages.Image image =
        TestImages.push(
            REGISTRY.client(),
            REGISTRY.ref("nestos/os:v1"),
            Map.of(
                OstreeLabels.BOOTABLE,
                "true",
                OstreeLabels.COMMIT,
                COMMIT,
                OstreeLabels.VERSION,
                "24.03.1"),
            "os");
    String pinned = REGISTRY.host() + "/nestos/os@" + image.digest();

    ImageCheck check = verifier().check(pinned, null);

    assertThat(check)
        .isEqualTo(new ImageCheck.Available("24.03.1", COMMIT, image.digest().toString()));
  }

  @Test
  void missingPlainAndTaggedImagesAreUnavailableWithAReason() throws Exception {
    TestImages.Image plain =
        TestImages.push(
            REGISTRY.client(),
            REGISTRY.ref("library/busybox:1"),
            Map.of("maintainer", "someone"),
            "busybox");
    ImageVerifier verifier = verifier();

    assertThat(verifier.check(REGISTRY.host() + "/library/busybox@" + plain.digest(), null))
        .isInstanceOfSatisfying(
            ImageCheck.Unavailable.class,
            u -> assertThat(u.reason()).contains("not an ostree-native container image"));
    assertThat(verifier.check(REGISTRY.host() + "/nestos/missing@sha256:" + "b".repeat(64), null))
        .isInstanceOfSatisfying(
            ImageCheck.Unavailable.class, u -> assertThat(u.reason()).contains("not found"));
    assertThat(verifier.check(REGISTRY.host() + "/nestos/os:v1", null))
        .isInstanceOfSatisfying(
            ImageCheck.Unavailable.class,
            u -> assertThat(u.reason()).contains("not pinned by digest"));
  }
}
