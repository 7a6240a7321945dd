package org.openeuler.nestos.images;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.openeuler.nestos.controlplane.RealControlPlane;

/**
 * An image's entrypoint started as a container runtime starts a pod's container, against the real
 * control plane: the layers unpacked under {@code dir}, the entrypoint run in its own mount and PID
 * namespaces, chrooted, as the image's user, with the image's environment plus {@code env};
 * in-cluster credentials as the kubelet mounts them ({@code token}, the cluster CA and the
 * namespace at {@code /var/run/secrets/kubernetes.io/serviceaccount}) and {@code
 * KUBERNETES_SERVICE_HOST/PORT}. Output goes to {@code <dir>/run.log}.
 */
final class InClusterRun implements AutoCloseable {

  private final Process process;
  private final Path log;

  private InClusterRun(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Unpacks {@code image} under {@code dir}, prepares its rootfs and starts it. */
  static InClusterRun start(
      ImageTarball image,
      Path dir,
      RealControlPlane cp,
      String namespace,
      String token,
      Map<String, String> env,
      List<String> args,
      RootfsPreparation prepare)
      throws IOException, InterruptedException {
    Path rootfs = image.unpack(Files.createDirectories(dir));
    Path sa = rootfs.resolve("var/run/secrets/kubernetes.io/serviceaccount");
    Files.createDirectories(sa);
    Files.writeString(sa.resolve("token"), token);
    Files.writeString(sa.resolve("namespace"), namespace);
    String ca = cp.adminConfig().getCaCertData();
    Files.write(
        sa.resolve("ca.crt"),
        ca != null
            ? Base64.getDecoder().decode(ca)
            : Files.readAllBytes(Path.of(cp.adminConfig().getCaCertFile())));
    prepare.prepare(rootfs);

    JsonNode config = image.inspect("--config").get("config");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "/usr/bin/unshare",
                "--mount",
                "--pid",
                "--fork",
                "--kill-child",
                "--mount-proc=" + rootfs.resolve("proc"),
                "/usr/sbin/chroot",
                "--userspec=" + config.get("User").asText(),
                rootfs.toString()));
    config.get("Entrypoint").forEach(a -> cmd.add(a.asText()));
    cmd.addAll(args);
    Path log = dir.resolve("run.log");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> environment = pb.environment();
    environment.clear();
    config
        .get("Env")
        .forEach(e -> environment.put(e.asText().split("=", 2)[0], e.asText().split("=", 2)[1]));
    URI api = URI.create(cp.url());
    environment.put("KUBERNETES_SERVICE_HOST", api.getHost());
    environment.put("KUBERNETES_SERVICE_PORT", String.valueOf(api.getPort()));
    environment.putAll(env);
    return new InClusterRun(pb.start(), log);
  }

  /** What a test puts into the rootfs before the start (host mounts, files). */
  @FunctionalInterface
  interface RootfsPreparation {
    void prepare(Path rootfs) throws IOException;
  }

  boolean alive() {
    return process.isAlive();
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    // unshare --fork ignores SIGTERM, and chroot --userspec clears --kill-child's death signal: the
    // JVM inside is killed by its pid, then unshare
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor();
  }
}
