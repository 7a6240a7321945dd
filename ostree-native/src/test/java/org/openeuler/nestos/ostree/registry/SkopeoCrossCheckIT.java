package org.openeuler.nestos.ostree.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.ostree.core.image.OstreeLabels;
import org.openeuler.nestos.ostree.core.image.Platform;
import org.openeuler.nestos.ostree.testing.LocalRegistry;
import org.openeuler.nestos.ostree.testing.Skopeo;
import org.openeuler.nestos.ostree.testing.TestImages;

/** skopeo, an independent client, agrees with ours on what is in the real registry, both ways. */
class SkopeoCrossCheckIT {

  @RegisterExtension static final LocalRegistry REGISTRY = LocalRegistry.plain();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> LABELS =
      Map.of(
          OstreeLabels.VERSION,
          "24.09",
          OstreeLabels.BOOTABLE,
          "true",
          OstreeLabels.COMMIT,
          "b".repeat(64));

  @Test
  void skopeoSeesWhatTheClientPushed() throws IOException {
    RegistryClient client = REGISTRY.client();
    TestImages.Image pushed =
        TestImages.push(client, REGISTRY.ref("cross/pushed:v1"), LABELS, "pushed by us");
    String byDigest = "docker://" + REGISTRY.host() + "/cross/pushed@" + pushed.digest();

    JsonNode inspect = JSON.readTree(Skopeo.run("inspect", "--tls-verify=false", byDigest));
    assertThat(inspect.get("Digest").asText()).isEqualTo(pushed.digest().toString());
    assertThat(JSON.convertValue(inspect.get("Labels"), Map.class)).isEqualTo(LABELS);
    assertThat(inspect.get("Layers").get(0).asText())
        .isEqualTo(pushed.manifest().layers().get(0).digest().toString());
    assertThat(Skopeo.run("inspect", "--tls-verify=false", "--raw", byDigest))
        .isEqualTo(pushed.manifestJson());
    assertThat(Skopeo.run("inspect", "--tls-verify=false", "--config", "--raw", byDigest))
        .isEqualTo(pushed.config());
    JsonNode byTag =
        JSON.readTree(
            Skopeo.run(
                "inspect",
                "--tls-verify=false",
                "docker://" + REGISTRY.host() + "/cross/pushed:v1"));
    assertThat(byTag.get("Digest").asText()).isEqualTo(pushed.digest().toString());
  }

  @Test
  void theClientReadsWhatSkopeoCopiedIn(@TempDir Path tmp) throws IOException {
    TestImages.Image image =
        TestImages.build(
            LABELS,
            Platform.LINUX_AMD64,
            List.of(
                Map.of("usr/lib/os-release", "ID=nestos\n".getBytes()),
                Map.of("etc/motd", "hi\n".getBytes())));
    Path layout = tmp.resolve("layout");
    Skopeo.writeOciLayout(layout, image, "v1");
    Skopeo.run(
        "copy",
        "--dest-tls-verify=false",
        "oci:" + layout + ":v1",
        "docker://" + REGISTRY.host() + "/cross/copied:v1");

    RegistryClient client = REGISTRY.client();
    ImageInfo info = client.inspect(REGISTRY.ref("cross/copied:v1"));
    assertThat(info.manifestDigest()).isEqualTo(image.digest());
    assertThat(info.config().labels()).isEqualTo(LABELS);
    assertThat(info.layers()).hasSize(2);
    for (int i = 0; i < 2; i++) {
      Path out = tmp.resolve("layer" + i);
      client.fetchBlob(info.ref(), info.layers().get(i), out);
      assertThat(Files.readAllBytes(out)).isEqualTo(image.layers().get(i));
    }
  }
}
