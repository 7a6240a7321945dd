package org.openeuler.nestos.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.ostree.testing.LocalRegistry;

/**
 * The operator and node-daemon images as {@code ./mvnw verify} writes them (jib:buildTar;
 * docs/images.md): what skopeo reads in the tarballs, pushed to a real registry (Debian
 * docker-registry on 127.0.0.1) and read back, and the unpacked layers started: the image's own
 * JRE, the daemon's JVM flags and nsenter.
 */
class ImagesIT {

  @RegisterExtension static final LocalRegistry REGISTRY = LocalRegistry.plain();

  static final ImageTarball OPERATOR = ImageTarball.of("operator");
  static final ImageTarball DAEMON = ImageTarball.of("node-daemon");

  @Test
  void theTarballsCarryTheEntrypointsUsersAndEnvironmentOfTheDesign() throws Exception {
    JsonNode op = OPERATOR.inspect("--config").get("config");
    assertThat(op.get("User").asText()).isEqualTo("65532:65532");
    assertThat(texts(op.get("Entrypoint")))
        .containsExactly(
            "/opt/java/bin/java",
            "-cp",
            "@/app/jib-classpath-file",
            "org.openeuler.nestos.operator.OperatorMain");
    assertThat(texts(op.get("Env"))).contains("MALLOC_ARENA_MAX=2");

    JsonNode dm = DAEMON.inspect("--config").get("config");
    assertThat(dm.get("User").asText()).isEqualTo("0:0");
    assertThat(texts(dm.get("Entrypoint")))
        .containsExactly(
            "/opt/java/bin/java",
            "@/opt/nestos/jvm.options",
            "-cp",
            "@/app/jib-classpath-file",
            "org.openeuler.nestos.daemon.DaemonMain");
    assertThat(texts(dm.get("Env"))).contains("MALLOC_ARENA_MAX=2");

    for (ImageTarball image : List.of(OPERATOR, DAEMON)) {
      JsonNode inspected = image.inspect();
      assertThat(inspected.get("Architecture").asText()).isEqualTo("amd64");
      assertThat(inspected.get("Os").asText()).isEqualTo("linux");
      // Jib's fixed creation time: part of what makes the digest reproducible
      assertThat(inspected.get("Created").asText()).startsWith("1970-01-01T00:00:00");
    }
  }

  @Test
  void pushedToARegistryTheImagesKeepTheirConfigAndTheOperatorStaysUnder80MB() throws Exception {
    for (ImageTarball image : List.of(OPERATOR, DAEMON)) {
      String ref = REGISTRY.host() + "/nestos/nestos-" + image.module() + ":test";
      ImageTarball.run(
          List.of(
              "skopeo",
              "copy",
              "--dest-tls-verify=false",
              "docker-archive:" + image.tar(),
              "docker://" + ref));
      JsonNode manifest =
          ImageTarball.JSON.readTree(
              ImageTarball.run(
                  List.of("skopeo", "inspect", "--tls-verify=false", "--raw", "docker://" + ref)));
      // skopeo writes its own manifest for a docker-archive source (so its digest is not Jib's,
      // scripts/images pushes with Jib and keeps it); the image itself, its config, is the same
      assertThat(manifest.get("config").get("digest").asText()).isEqualTo(image.imageId());
      if (image == OPERATOR) {
        long compressed = manifest.get("config").get("size").asLong();
        for (JsonNode layer : manifest.get("layers")) {
          compressed += layer.get("size").asLong();
        }
        assertThat(compressed).isBetween(20_000_000L, 80_000_000L);
      }
    }
  }

  @Test
  void theUnpackedOperatorImageStartsItsOwnJreAsItsUser(@TempDir Path dir) throws Exception {
    Path rootfs = OPERATOR.unpack(dir);
    String version =
        ImageTarball.inRootfs(rootfs, "65532:65532", List.of("/opt/java/bin/java", "-version"));
    assertThat(version).contains("openjdk version \"17.");
    String modules =
        ImageTarball.inRootfs(
            rootfs, "65532:65532", List.of("/opt/java/bin/java", "--list-modules"));
    // TLS with EC keys and ECDHE (a provider jdeps cannot see), JVM metrics
    assertThat(modules).contains("jdk.crypto.ec@", "jdk.management@", "java.net.http@");
    assertThat(Files.readString(rootfs.resolve("app/jib-classpath-file")))
        .startsWith("/app/classpath/")
        .contains("/app/libs/kubernetes-client-7.5.2.jar");
  }

  @Test
  void theUnpackedDaemonImageStartsWithItsJvmOptionsAndHasNsenter(@TempDir Path dir)
      throws Exception {
    Path rootfs = DAEMON.unpack(dir);
    assertThat(rootfs.resolve("opt/nestos/jvm.options"))
        .hasSameTextualContentAs(ImageTarball.root().resolve("node-daemon/jvm.options"));
    String version =
        ImageTarball.inRootfs(
            rootfs,
            "0:0",
            List.of("/opt/java/bin/java", "@/opt/nestos/jvm.options", "-Xshare:auto", "-version"));
    assertThat(version).contains("openjdk version \"25.");
    assertThat(ImageTarball.inRootfs(rootfs, "0:0", List.of("/usr/bin/nsenter", "--version")))
        .contains("nsenter from util-linux");
    assertThat(Files.isExecutable(rootfs.resolve("usr/bin/nsenter"))).isTrue();
  }

  @Test
  void theDaemonImageCarriesAnAppCdsArchiveValidForItsEntrypoint(@TempDir Path dir)
      throws Exception {
    // scripts/image-cds dumped it in the image's own rootfs; the JVM checks it against the JVM, the
    // flags and the entrypoint's class path (paths, sizes, times of the jars) before mapping it.
    Path rootfs = DAEMON.unpack(dir);
    assertThat(rootfs.resolve("opt/nestos/daemon.jsa")).isNotEmptyFile();
    String printed =
        ImageTarball.inRootfs(
            rootfs,
            "0:0",
            List.of(
                "/opt/java/bin/java",
                "@/opt/nestos/jvm.options",
                "-XX:+PrintSharedArchiveAndExit",
                "-cp",
                "@/app/jib-classpath-file"));
    assertThat(printed)
        .contains("archive is valid")
        .contains("org.openeuler.nestos.daemon.DaemonMain app_loader")
        .contains("io.fabric8.kubernetes.client");
  }

  @Test
  void theSameSourcesBuildTheSameImageDigestsTwice() throws Exception {
    // A second build of the same sources (jars written again with the fixed outputTimestamp, the
    // images again by Jib), beside the first: scripts/images checks the same from a clean tree.
    Path root = ImageTarball.root();
    List<String> cmd =
        new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B", "-ntp", "-q"));
    cmd.addAll(
        List.of(
            "-o",
            "-DskipTests",
            "-Dspotless.check.skip=true",
            "-Dnestos.imageOutput=jib-image-again",
            "-pl",
            "operator,node-daemon",
            "-am",
            // the daemon image with its AppCDS archive is the second of its two builds (pom.xml)
            "pre-integration-test"));
    ImageTarball.run(cmd);
    for (ImageTarball image : List.of(OPERATOR, DAEMON)) {
      Path again = image.digestFile().resolveSibling("jib-image-again.digest");
      assertThat(Files.readString(again).strip()).isEqualTo(image.digest());
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
