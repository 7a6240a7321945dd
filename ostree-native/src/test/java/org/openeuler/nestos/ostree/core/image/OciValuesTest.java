package org.openeuler.nestos.ostree.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Manifests, indexes and configs: parse, canonical JSON, platform selection. */
class OciValuesTest {

  private static final OciDigest D = OciDigest.parse("sha256:" + "0123456789abcdef".repeat(4));

  @Test
  void selectsPlatforms() {
    Descriptor arm =
        new Descriptor(MediaTypes.OCI_MANIFEST, D, 1)
            .withPlatform(new Platform("linux", "arm64", null));
    Descriptor amd =
        new Descriptor(MediaTypes.DOCKER_MANIFEST, D, 2).withPlatform(Platform.LINUX_AMD64);
    ImageIndex index = new ImageIndex(MediaTypes.DOCKER_MANIFEST_LIST, List.of(arm, amd));
    assertThat(index.select(Platform.LINUX_AMD64)).contains(amd);
    assertThat(index.select(Platform.parse("linux/arm64/v8"))).contains(arm);
    assertThat(ImageIndex.parse(index.toJson(), null)).isEqualTo(index);
    assertThat(index.select(Platform.parse("linux/arm/v7"))).isEmpty();
    assertThat(index.platforms()).containsExactly("linux/arm64", "linux/amd64");
    assertThatThrownBy(() -> Platform.parse("linux")).hasMessageContaining("os/architecture");
  }

  @Test
  void manifestsRoundTripWithTheSameBytes() {
    ImageManifest m =
        ImageManifest.oci(
            new Descriptor(MediaTypes.OCI_CONFIG, D, 10),
            List.of(
                new Descriptor(MediaTypes.OCI_LAYER_GZIP, D, 20)
                    .withAnnotations(Map.of("b", "2", "a", "1"))),
            Map.of("z", "last", "k", "v"));
    assertThat(ImageManifest.parse(m.toJson(), null)).isEqualTo(m);
    assertThat(ImageManifest.parse(m.toJson(), null).toJson()).isEqualTo(m.toJson());
    assertThat(new String(m.toJson(), StandardCharsets.UTF_8))
        .startsWith("{\"schemaVersion\":2,\"mediaType\":")
        .contains("\"annotations\":{\"a\":\"1\",\"b\":\"2\"}")
        .endsWith("\"annotations\":{\"k\":\"v\",\"z\":\"last\"}}");
    assertThatThrownBy(
            () -> ImageManifest.parse("{\"schemaVersion\":2}".getBytes(), MediaTypes.OCI_MANIFEST))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("config");
  }

  @Test
  void anIndexOrAnUnknownTypeIsNotAnImageManifest() {
    byte[] index = ImageIndex.oci(List.of(new Descriptor(MediaTypes.OCI_MANIFEST, D, 1))).toJson();
    assertThatThrownBy(() -> ImageManifest.parse(index, null))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("got an image index");
    byte[] noType = "{\"schemaVersion\":2,\"manifests\":[]}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ImageManifest.parse(noType, null))
        .hasMessageContaining("got an image index");
    assertThatThrownBy(
            () ->
                ImageManifest.parse("{\"schemaVersion\":2,\"mediaType\":\"x/y\"}".getBytes(), null))
        .hasMessageContaining("unsupported manifest media type x/y");
    assertThatThrownBy(() -> new Descriptor("x/y", D, 1).gzipLayer())
        .hasMessageContaining("unsupported layer");
  }

  @Test
  void configsCarryLabelsAndDiffIds() {
    ImageConfig config =
        new ImageConfig(
            Map.of(
                OstreeLabels.COMMIT,
                "c".repeat(64),
                OstreeLabels.BOOTABLE,
                "true",
                OstreeLabels.VERSION,
                "24.03"),
            "linux",
            "amd64",
            List.of(D));
    ImageConfig back = ImageConfig.parse(config.toJson("2024-06-01T00:00:00Z", "test"));
    assertThat(back).isEqualTo(config);
    assertThat(back.bootable()).isTrue();
    assertThat(back.version()).contains("24.03");
    assertThat(OstreeLabels.from(back.labels()).commit()).isEqualTo("c".repeat(64));
    assertThatThrownBy(
            () -> ImageConfig.parse("{\"rootfs\":{\"diff_ids\":[\"md5:x\"]}}".getBytes()))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("diff_ids");
  }
}
