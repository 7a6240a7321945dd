package org.openeuler.nestos.ostree.image;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Debian's {@code docker-registry} on 127.0.0.1 with a minimal config of its own (until LocalRegistry lands). */
public final class TestRegistry implements AutoCloseable {

  private final Process process;
  private final Path root;
  private final int port;

  private TestRegistry(Process process, Path root, int port) {
    this.process = process;
    this.root = root;
    this.port = port;
  }

  public static TestRegistry start(Path dir) throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path root = dir.resolve("storage");
    Files.createDirectories(root);
    Path config = dir.resolve("config.yml");
    Files.writeString(config, "version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: "
        + root + "\nhttp:\n  addr: 127.0.0.1:" + port + "\n");
    Process p = new ProcessBuilder("docker-registry", "serve", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return new TestRegistry(p, root, port);
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    p.destroyForcibly();
    throw new IOException("docker-registry did not listen on " + port);
  }

  public String host() {
    return "127.0.0.1:" + port;
  }

  /** Where the registry keeps the bytes of a blob (to tamper with it). */
  public Path blobData(String hex) {
    return root.resolve("docker/registry/v2/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data");
  }

  @Override
  public void close() {
    process.destroy();
  }
}
