package org.openeuler.nestos.ostree.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small value types: references, challenges, docker configs, platforms, retry delays, manifests. */
class ValuesTest {

  private static final String D = "sha256:" + "0123456789abcdef".repeat(4);

  @Test
  void parsesReferences() {
    assertThat(RegistryRef.parse("127.0.0.1:5000/nestos/os/x86_64@" + D))
        .isEqualTo(new RegistryRef("127.0.0.1:5000", "nestos/os/x86_64", null, D));
    assertThat(RegistryRef.parse("quay.io/a/b:v1.2")).isEqualTo(new RegistryRef("quay.io", "a/b", "v1.2", null));
    assertThat(RegistryRef.parse("r:1/a:t@" + D).toString()).isEqualTo("r:1/a:t@" + D);
    assertThat(RegistryRef.parse("r:1/a:t@" + D).reference()).isEqualTo(D);
    assertThatThrownBy(() -> RegistryRef.parse("no-repo")).hasMessageContaining("host/repository");
    assertThatThrownBy(() -> RegistryRef.parse("r/A")).hasMessageContaining("invalid repository");
    assertThatThrownBy(() -> RegistryRef.parse("r/a@sha256:abc")).hasMessageContaining("invalid digest");
  }

  @Test
  void parsesChallenges() {
    AuthChallenge c = AuthChallenge.parse(
        "Bearer realm=\"https://auth.example/token\",service=\"reg\",scope=\"repository:a/b:pull,push\"");
    assertThat(c.scheme()).isEqualTo("bearer");
    assertThat(c.param("realm")).isEqualTo("https://auth.example/token");
    assertThat(c.param("scope")).isEqualTo("repository:a/b:pull,push");
    assertThat(AuthChallenge.parse("Basic realm=\"x\"").scheme()).isEqualTo("basic");
    assertThat(AuthChallenge.parse("Bearer realm=plain, service=s").params())
        .containsEntry("realm", "plain").containsEntry("service", "s");
  }

  @Test
  void readsDockerConfigs() {
    String json = "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"dTpw\"},"
        + "\"reg.example:5000\":{\"username\":\"bob\",\"password\":\"pw\"},\"empty.example\":{}}}";
    DockerConfig c = DockerConfig.parse(json.getBytes(StandardCharsets.UTF_8));
    assertThat(c.forRegistry("docker.io")).contains(new Credentials("u", "p"));
    assertThat(c.forRegistry("reg.example:5000")).contains(new Credentials("bob", "pw"));
    assertThat(c.forRegistry("empty.example")).isEmpty();
    assertThat(new Credentials("u", "secret").toString()).doesNotContain("secret");
    DockerConfig legacy = DockerConfig.parse("{\"old.example\":{\"auth\":\"dTpw\"}}".getBytes());
    assertThat(legacy.forRegistry("old.example")).contains(new Credentials("u", "p"));
  }

  @Test
  void selectsPlatforms() throws NoMatchingPlatformException {
    Descriptor arm = Descriptor.of(MediaTypes.OCI_MANIFEST, D, 1).withPlatform(new Platform("linux", "arm64", null));
    Descriptor amd = Descriptor.of(MediaTypes.DOCKER_MANIFEST, D, 2).withPlatform(Platform.LINUX_AMD64);
    ImageIndex index = new ImageIndex(MediaTypes.DOCKER_MANIFEST_LIST, List.of(arm, amd));
    assertThat(index.select(Platform.LINUX_AMD64)).isEqualTo(amd);
    assertThat(index.select(Platform.parse("linux/arm64/v8"))).isEqualTo(arm);
    assertThat(ImageIndex.parse(index.toJson(), null)).isEqualTo(index);
    assertThatThrownBy(() -> index.select(Platform.parse("linux/arm/v7")))
        .isInstanceOf(NoMatchingPlatformException.class).hasMessageContaining("linux/arm/v7");
    assertThatThrownBy(() -> Platform.parse("linux")).hasMessageContaining("os/architecture");
  }

  @Test
  void backsOffExponentiallyAndCapsRetryAfter() {
    RetryPolicy p = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(350), Duration.ofSeconds(10));
    assertThat(p.delayAfter(1, null)).isEqualTo(Duration.ofMillis(100));
    assertThat(p.delayAfter(2, null)).isEqualTo(Duration.ofMillis(200));
    assertThat(p.delayAfter(3, null)).isEqualTo(Duration.ofMillis(350));
    assertThat(p.delayAfter(1, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    assertThat(p.delayAfter(1, Duration.ofMinutes(3))).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void manifestsRoundTrip() {
    ImageManifest m = ImageManifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, D, 10),
        List.of(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, D, 20)));
    assertThat(ImageManifest.parse(m.toJson(), null)).isEqualTo(m);
    assertThat(m.toJson()).isEqualTo(m.toJson());
    assertThatThrownBy(() -> ImageManifest.parse("{\"schemaVersion\":2}".getBytes(), MediaTypes.OCI_MANIFEST))
        .hasMessageContaining("config");
  }
}
