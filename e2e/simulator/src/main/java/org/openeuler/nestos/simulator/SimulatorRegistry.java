package org.openeuler.nestos.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openeuler.nestos.ostree.core.image.OciDigest;
import org.openeuler.nestos.ostree.core.ref.DockerReference;
import org.openeuler.nestos.ostree.host.Command;
import org.openeuler.nestos.ostree.host.CommandRunner;
import org.openeuler.nestos.ostree.host.HostNamespace;
import org.openeuler.nestos.ostree.host.ProcessCommandRunner;
import org.openeuler.nestos.ostree.image.EncapsulatedImage;
import org.openeuler.nestos.ostree.image.Encapsulator;
import org.openeuler.nestos.ostree.image.OciLayout;
import org.openeuler.nestos.ostree.image.RegistryPublisher;
import org.openeuler.nestos.ostree.registry.RegistryClient;
import org.openeuler.nestos.ostree.registry.RegistryOptions;
import org.openeuler.nestos.ostree.registry.RetryPolicy;
import org.openeuler.nestos.ostree.registry.TlsSupport;

/**
 * The simulated cluster's OCI registry: the real Debian {@code docker-registry} on 127.0.0.1 over
 * HTTPS with a CA made at start (openssl), and NestOS images built with the project's own
 * encapsulation ({@code ostree commit} of a small tree, {@link Encapsulator}, {@link
 * RegistryPublisher}). The operator's image check uses the JDK's default trust store (it has no CA
 * option), so {@link #trustForThisJvm()} makes this CA the JVM's default trust store, as a cluster
 * trusts its private registry's CA. One registry per JVM ({@link #shared()}): the JDK reads the
 * default trust store once.
 */
public final class SimulatorRegistry implements AutoCloseable {

  public static final String BINARY = "/usr/bin/docker-registry";
  private static SimulatorRegistry shared;

  private final Path dir;
  private final CommandRunner runner = new ProcessCommandRunner(HostNamespace.NONE);
  private final java.util.Map<String, String> pushed = new java.util.HashMap<>();
  private Process process;
  private int port;

  private SimulatorRegistry(Path dir) {
    this.dir = dir;
  }

  /** The JVM's registry, started (and trusted) on first use and stopped when the JVM exits. */
  public static synchronized SimulatorRegistry shared() throws IOException {
    if (shared == null) {
      SimulatorRegistry r =
          new SimulatorRegistry(Files.createTempDirectory("nestos-sim-registry-"));
      r.start();
      r.trustForThisJvm();
      Runtime.getRuntime().addShutdownHook(new Thread(r::close, "nestos-sim-registry-stop"));
      shared = r;
    }
    return shared;
  }

  private void start() throws IOException {
    run(
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "7",
        "-subj",
        "/CN=nestos-sim-ca",
        "-keyout",
        f("ca.key"),
        "-out",
        f("ca.pem"),
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign");
    Files.writeString(
        dir.resolve("server.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
            + "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
    run(
        "openssl",
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        f("server.key"),
        "-out",
        f("server.csr"));
    run(
        "openssl",
        "x509",
        "-req",
        "-in",
        f("server.csr"),
        "-CA",
        f("ca.pem"),
        "-CAkey",
        f("ca.key"),
        "-set_serial",
        "2",
        "-days",
        "7",
        "-extfile",
        f("server.ext"),
        "-out",
        f("server.pem"));
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Files.writeString(
        dir.resolve("config.yml"),
        """
        version: 0.1
        log:
          level: warn
          accesslog:
            disabled: true
        storage:
          filesystem:
            rootdirectory: %s
        http:
          addr: 127.0.0.1:%d
          tls:
            certificate: %s
            key: %s
        """
            .formatted(
                dir.resolve("storage"),
                port,
                dir.resolve("server.pem"),
                dir.resolve("server.key")));
    process =
        new ProcessBuilder(BINARY, "serve", dir.resolve("config.yml").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    awaitReady();
  }

  private void awaitReady() throws IOException {
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(TlsSupport.withExtraCa(caCertificate()))
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create("https://" + host() + "/v2/"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
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
    throw new IOException("docker-registry did not answer on " + host());
  }

  /**
   * Makes the CA the JVM's default trust store ({@code javax.net.ssl.trustStore}): the operator's
   * registry client and the JDK's default {@code SSLContext} then trust this registry. Only this CA
   * is trusted: the simulator talks to nothing else over TLS.
   */
  private void trustForThisJvm() throws IOException {
    Path store = dir.resolve("truststore.p12");
    try (InputStream in = Files.newInputStream(caCertificate());
        OutputStream out = Files.newOutputStream(store)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setCertificateEntry(
          "nestos-sim-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      ks.store(out, "nestos-sim".toCharArray());
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot write the trust store", e);
    }
    System.setProperty("javax.net.ssl.trustStore", store.toString());
    System.setProperty("javax.net.ssl.trustStorePassword", "nestos-sim");
    System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
  }

  /** {@code 127.0.0.1:<port>}. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public Path caCertificate() {
    return dir.resolve("ca.pem");
  }

  /** How the simulated nodes reach this registry (its CA trusted explicitly, quick retries). */
  public RegistryOptions clientOptions() {
    return RegistryOptions.defaults()
        .withCaFile(caCertificate())
        .withRetry(
            new RetryPolicy(
                3, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(1)));
  }

  public RegistryClient client() {
    try {
      return new RegistryClient(clientOptions());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Builds NestOS {@code version} (a small tree: kernel and initramfs stubs, os-release) as an
   * ostree commit, encapsulates it and pushes it as {@code <repository>:<version>}; returns the
   * digest-pinned reference {@code 127.0.0.1:<port>/<repository>@sha256:...}.
   */
  public synchronized String pushOsImage(String repository, String version) throws IOException {
    String known = pushed.get(repository + ":" + version);
    if (known != null) {
      return known;
    }
    Path work = Files.createTempDirectory(dir, "build-");
    Path tree = writeTree(work.resolve("tree"), version);
    Encapsulator enc = new Encapsulator(runner);
    String commit =
        enc.commit(work.resolve("repo"), tree, version, Instant.parse("2025-01-01T00:00:00Z"));
    OciLayout layout = new OciLayout(work.resolve("oci"));
    EncapsulatedImage image = enc.encapsulate(work.resolve("repo"), commit, layout, version);
    DockerReference tag = DockerReference.parse(host() + "/" + repository + ":" + version);
    OciDigest digest = new RegistryPublisher(client()).push(layout, image.manifestDigest(), tag);
    String ref = host() + "/" + repository + "@" + digest;
    pushed.put(repository + ":" + version, ref);
    return ref;
  }

  private static Path writeTree(Path root, String version) throws IOException {
    Path modules = Files.createDirectories(root.resolve("usr/lib/modules/6.6.0-nestos"));
    Files.writeString(modules.resolve("vmlinuz"), "kernel stub " + version + "\n");
    Files.writeString(modules.resolve("initramfs.img"), "initramfs stub " + version + "\n");
    Files.writeString(
        root.resolve("usr/lib/os-release"),
        "ID=nestos\nNAME=NestOS\nVERSION="
            + version
            + "\nPRETTY_NAME=\"NestOS For Container "
            + version
            + "\"\n");
    Files.createDirectories(root.resolve("usr/etc"));
    Files.writeString(root.resolve("usr/etc/hostname"), "nestos\n");
    return root;
  }

  private String f(String name) {
    return dir.resolve(name).toString();
  }

  private void run(String... argv) {
    runner.run(Command.of(List.of(argv)).withTimeout(Duration.ofSeconds(60))).orThrow();
  }

  @Override
  public synchronized void close() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp dir
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
