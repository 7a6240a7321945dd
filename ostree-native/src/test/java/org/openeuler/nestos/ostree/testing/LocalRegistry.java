package org.openeuler.nestos.ostree.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mindrot.jbcrypt.BCrypt;
import org.openeuler.nestos.ostree.core.image.OciDigest;
import org.openeuler.nestos.ostree.core.ref.DockerReference;
import org.openeuler.nestos.ostree.registry.Credentials;
import org.openeuler.nestos.ostree.registry.DockerConfig;
import org.openeuler.nestos.ostree.registry.RegistryClient;
import org.openeuler.nestos.ostree.registry.RegistryOptions;
import org.openeuler.nestos.ostree.registry.RetryPolicy;
import org.openeuler.nestos.ostree.registry.TlsSupport;

/**
 * A real Debian {@code docker-registry} on 127.0.0.1 with a free port, its own minimal config and
 * filesystem storage in a temp dir; optionally htpasswd basic auth and TLS with a CA made at test
 * time (openssl). Use as a JUnit 5 extension ({@code @RegisterExtension static final LocalRegistry
 * REGISTRY = LocalRegistry.plain();}) or with {@link #start()} / {@link #close()}. {@link
 * #clientOptions()} tells a {@link RegistryClient} how to reach it; {@link #ref} names an image in
 * it ({@code 127.0.0.1:<port>/repo}, a {@link DockerReference}).
 */
public final class LocalRegistry implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  public static final String BINARY = "/usr/bin/docker-registry";

  private final Credentials basicAuth;
  private final boolean tls;
  private Path dir;
  private Process process;
  private int port;

  private LocalRegistry(Credentials basicAuth, boolean tls) {
    this.basicAuth = basicAuth;
    this.tls = tls;
  }

  /** Plain HTTP, anonymous. */
  public static LocalRegistry plain() {
    return new LocalRegistry(null, false);
  }

  /** Plain HTTP with htpasswd basic auth for one user. */
  public static LocalRegistry withBasicAuth(String user, String password) {
    return new LocalRegistry(new Credentials(user, password), false);
  }

  /**
   * HTTPS with a server certificate for 127.0.0.1 signed by a fresh CA ({@link #caCertificate()}).
   */
  public static LocalRegistry withTls() {
    return new LocalRegistry(null, true);
  }

  /** Starts the registry (once) and waits until {@code /v2/} answers. */
  public LocalRegistry start() throws IOException {
    return start(null);
  }

  /**
   * {@link #start()} with config and storage in a temp dir under {@code parent} (null: the default
   * temp dir).
   */
  public synchronized LocalRegistry start(Path parent) throws IOException {
    if (process != null) {
      return this;
    }
    dir =
        parent == null
            ? Files.createTempDirectory("nestos-registry-")
            : Files.createTempDirectory(parent, "nestos-registry-");
    Files.createDirectories(storageDir());
    if (basicAuth != null) {
      String hash = BCrypt.hashpw(basicAuth.password(), BCrypt.gensalt(5));
      Files.writeString(dir.resolve("htpasswd"), basicAuth.username() + ":" + hash + "\n");
    }
    if (tls) {
      TestCertificates.createCaAndServer(dir, "127.0.0.1");
    }
    port = freePort();
    Files.writeString(dir.resolve("config.yml"), config());
    process =
        new ProcessBuilder(BINARY, "serve", dir.resolve("config.yml").toString())
            .redirectErrorStream(true)
            .redirectOutput(log().toFile())
            .start();
    awaitReady();
    return this;
  }

  private String config() {
    StringBuilder y =
        new StringBuilder()
            .append("version: 0.1\n")
            .append("log:\n  level: warn\n  accesslog:\n    disabled: true\n")
            .append("storage:\n  filesystem:\n    rootdirectory: ")
            .append(storageDir())
            .append('\n')
            .append("  delete:\n    enabled: true\n")
            .append("http:\n  addr: 127.0.0.1:")
            .append(port)
            .append('\n');
    if (tls) {
      y.append("  tls:\n    certificate: ")
          .append(dir.resolve("server.pem"))
          .append("\n    key: ")
          .append(dir.resolve("server.key"))
          .append('\n');
    }
    if (basicAuth != null) {
      y.append("auth:\n  htpasswd:\n    realm: nestos-test\n    path: ")
          .append(dir.resolve("htpasswd"))
          .append('\n');
    }
    return y.toString();
  }

  private void awaitReady() throws IOException {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1));
    if (tls) {
      b.sslContext(TlsSupport.withExtraCa(caCertificate()));
    }
    HttpClient http = b.build();
    URI ping = URI.create((tls ? "https" : "http") + "://" + host() + "/v2/");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "docker-registry exited with " + process.exitValue() + ": " + logText());
      }
      try {
        int status =
            http.send(
                    HttpRequest.newBuilder(ping).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status == 200 || status == 401) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      sleep(100);
    }
    close();
    throw new IOException("docker-registry did not answer on " + ping + ": " + logText());
  }

  /** {@code 127.0.0.1:<port>}. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  /** A reference in this registry: {@code ref("nestos/os:v1")}. */
  public DockerReference ref(String repositoryAndTagOrDigest) {
    return DockerReference.parse(host() + "/" + repositoryAndTagOrDigest);
  }

  /**
   * Options reaching this registry: plain HTTP allowed (or the CA trusted), its credentials, quick
   * retries.
   */
  public RegistryOptions clientOptions() {
    RegistryOptions o =
        RegistryOptions.defaults()
            .withRetry(
                new RetryPolicy(
                    3, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(1)));
    o = tls ? o.withCaFile(caCertificate()) : o.withPlainHttp(host());
    return basicAuth == null ? o : o.withCredentials(DockerConfig.empty().with(host(), basicAuth));
  }

  public RegistryClient client() {
    try {
      return new RegistryClient(clientOptions());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The registry's filesystem storage root. */
  public Path storageDir() {
    return dir.resolve("storage");
  }

  /** Where the registry keeps a blob's bytes (for tampering tests). */
  public Path blobData(OciDigest digest) {
    String hex = digest.hex();
    return storageDir()
        .resolve(
            Path.of(
                "docker", "registry", "v2", "blobs", "sha256", hex.substring(0, 2), hex, "data"));
  }

  /** The CA (PEM) that signed the server certificate; TLS registries only. */
  public Path caCertificate() {
    if (!tls) {
      throw new IllegalStateException("not a TLS registry");
    }
    return dir.resolve("ca.pem");
  }

  public Path log() {
    return dir.resolve("registry.log");
  }

  public String logText() {
    try {
      return Files.readString(log(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public synchronized void close() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
    if (dir != null) {
      TestFiles.deleteRecursively(dir);
      dir = null;
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The argv this harness runs (for reports). */
  public List<String> command() {
    return List.of(BINARY, "serve", dir.resolve("config.yml").toString());
  }
}
