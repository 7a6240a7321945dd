package org.openeuler.nestos.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One image tarball written by Jib's {@code buildTar} (docker-archive: manifest.json, config.json,
 * gzipped layers) in {@code <module>/target}, and the commands the image tests run on it: skopeo,
 * tar, and the unpacked rootfs entered with {@code unshare --mount --pid --mount-proc} + {@code
 * chroot} (docs/images.md).
 */
record ImageTarball(String module, Path tar, Path digestFile) {

  static final ObjectMapper JSON = new ObjectMapper();

  static Path root() {
    return Path.of(System.getProperty("nestos.root", "../..")).toAbsolutePath().normalize();
  }

  static ImageTarball of(String module) {
    Path target = root().resolve(module).resolve("target");
    ImageTarball t =
        new ImageTarball(
            module, target.resolve("jib-image.tar"), target.resolve("jib-image.digest"));
    if (!Files.isRegularFile(t.tar)) {
      throw new IllegalStateException(
          "no image tarball "
              + t.tar
              + ": build it with ./mvnw -pl "
              + module
              + " -am pre-integration-test -DskipTests (after scripts/image-base)");
    }
    return t;
  }

  String digest() throws IOException {
    return Files.readString(digestFile).strip();
  }

  /** Jib's image id: the digest of the image config. */
  String imageId() throws IOException {
    return Files.readString(digestFile.resolveSibling("jib-image.id")).strip();
  }

  /** {@code skopeo inspect [--config|--raw] docker-archive:<tar>} as JSON. */
  JsonNode inspect(String... flags) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("skopeo", "inspect"));
    cmd.addAll(List.of(flags));
    cmd.add("docker-archive:" + tar);
    return JSON.readTree(run(cmd));
  }

  /**
   * The layers unpacked in order into {@code dir/rootfs} (whiteouts do not occur: Jib adds only).
   */
  Path unpack(Path dir) throws IOException, InterruptedException {
    Path archive = dir.resolve("archive");
    Path rootfs = dir.resolve("rootfs");
    Files.createDirectories(archive);
    Files.createDirectories(rootfs);
    run(List.of("tar", "-xf", tar.toString(), "-C", archive.toString()));
    JsonNode manifest = JSON.readTree(archive.resolve("manifest.json").toFile()).get(0);
    for (JsonNode layer : manifest.get("Layers")) {
      run(
          List.of(
              "tar",
              "-xzf",
              archive.resolve(layer.asText()).toString(),
              "-C",
              rootfs.toString(),
              "--same-permissions",
              "--numeric-owner"));
    }
    return rootfs;
  }

  /**
   * {@code argv} inside {@code rootfs} as a container runtime would start it: own mount and PID
   * namespaces with /proc mounted, chrooted, as {@code user} (uid:gid). Returns stdout+stderr.
   */
  static String inRootfs(Path rootfs, String user, List<String> argv)
      throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "unshare",
                "--mount",
                "--pid",
                "--fork",
                "--mount-proc=" + rootfs.resolve("proc"),
                "chroot",
                "--userspec=" + user,
                rootfs.toString()));
    cmd.addAll(argv);
    return run(cmd);
  }

  /** Runs a command; its output, or an exception with the output when it exits non-zero. */
  static String run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    if (rc != 0) {
      throw new IOException(String.join(" ", cmd) + " exited with " + rc + ":\n" + out);
    }
    return out;
  }
}
