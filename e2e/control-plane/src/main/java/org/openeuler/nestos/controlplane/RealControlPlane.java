package org.openeuler.nestos.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream Kubernetes control plane, for real: etcd, kube-apiserver (TLS, {@code
 * --authorization-mode=Node,RBAC}, a service-account issuer and signing key, the admission plugins
 * a real cluster runs including ValidatingAdmissionPolicy and NodeRestriction) and
 * kube-controller-manager (garbage collector, namespace, service-account, disruption and
 * clusterrole-aggregation controllers), on random loopback ports, built by {@code
 * scripts/build-control-plane}. No kubelet, scheduler or container runtime: tests create Nodes and
 * bind Pods themselves.
 *
 * <p>One per test JVM ({@link #shared()}), stopped by a shutdown hook; logs and certificates stay
 * under {@code target/control-plane/} (system property {@code nestos.controlPlane.workDir}: another
 * directory, for a second test JVM of the same module). The project's CRDs (the chart's {@code
 * crds/}) are installed before the controller manager starts, so its garbage collector knows
 * NodeState from the first sync. If the binaries are missing, {@link #shared()} fails with the
 * command that builds them.
 */
public final class RealControlPlane implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RealControlPlane.class);
  private static RealControlPlane shared;

  private final Path repoRoot;
  private final Path binaries;
  private final Path workDir;
  private final TestPki pki;
  private final List<Process> processes = new ArrayList<>();
  private int etcdPort;
  private int apiserverPort;
  private Path adminKubeconfig;
  private Config adminConfig;
  private KubernetesClient admin;
  private Duration startupTime;

  private RealControlPlane(Path repoRoot, Path binaries, Path workDir) throws IOException {
    this.repoRoot = repoRoot;
    this.binaries = binaries;
    this.workDir = workDir;
    this.pki = TestPki.create(workDir.resolve("pki"));
  }

  /** The control plane of this JVM, started on first use. */
  public static synchronized RealControlPlane shared() {
    if (shared == null) {
      Path root = repoRoot();
      Path workDir =
          Path.of(System.getProperty("nestos.controlPlane.workDir", "target/control-plane"))
              .toAbsolutePath();
      shared = start(root, workDir);
      RealControlPlane started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "control-plane-shutdown"));
    }
    return shared;
  }

  /** Whether {@code scripts/build-control-plane} has built the binaries (the demo's switch). */
  public static boolean binariesBuilt() {
    Path dir = binaryDir(repoRoot());
    return Stream.of("etcd", "kube-apiserver", "kube-controller-manager")
        .allMatch(b -> Files.isExecutable(dir.resolve(b)));
  }

  /** Starts a new control plane whose files go under {@code workDir}. */
  public static RealControlPlane start(Path repoRoot, Path workDir) {
    Path binaries = binaryDir(repoRoot);
    for (String b : List.of("etcd", "kube-apiserver", "kube-controller-manager")) {
      if (!Files.isExecutable(binaries.resolve(b))) {
        throw new IllegalStateException(
            "the real control plane is not built ("
                + binaries.resolve(b)
                + " missing): run "
                + repoRoot.resolve("scripts/build-control-plane")
                + " (or scripts/install-tools, which runs it)");
      }
    }
    try {
      deleteTree(workDir);
      RealControlPlane cp = new RealControlPlane(repoRoot, binaries, workDir);
      try {
        cp.boot();
        return cp;
      } catch (RuntimeException | IOException e) {
        cp.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void boot() throws IOException {
    long t0 = System.nanoTime();
    etcdPort = freePort();
    int peerPort = freePort();
    Path etcdData = workDir.resolve("etcd-data");
    spawn(
        "etcd",
        List.of(
            binaries.resolve("etcd").toString(),
            "--name=nestos-test",
            "--data-dir=" + etcdData,
            "--listen-client-urls=http://127.0.0.1:" + etcdPort,
            "--advertise-client-urls=http://127.0.0.1:" + etcdPort,
            "--listen-peer-urls=http://127.0.0.1:" + peerPort,
            "--initial-advertise-peer-urls=http://127.0.0.1:" + peerPort,
            "--initial-cluster=nestos-test=http://127.0.0.1:" + peerPort,
            "--unsafe-no-fsync=true",
            "--quota-backend-bytes=8589934592",
            "--log-level=warn"));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    awaitTrue(
        "etcd /health",
        Duration.ofSeconds(30),
        () -> httpOk(http, "http://127.0.0.1:" + etcdPort + "/health"));

    apiserverPort = freePort();
    spawn("kube-apiserver", apiserverArgs(apiserverPort, workDir.resolve("apiserver-certs")));
    adminKubeconfig =
        writeKubeconfig(
            workDir.resolve("admin.kubeconfig"),
            "nestos-test-admin",
            "client-certificate: "
                + pki.file("admin.crt")
                + "\n    client-key: "
                + pki.file("admin.key"));
    adminConfig = configFrom(adminKubeconfig);
    admin = new KubernetesClientBuilder().withConfig(adminConfig).build();
    awaitTrue("kube-apiserver /readyz", Duration.ofSeconds(90), this::apiserverReady);
    installProjectCrds();

    Path kcmKubeconfig =
        writeKubeconfig(
            workDir.resolve("controller-manager.kubeconfig"),
            "system:kube-controller-manager",
            "client-certificate: "
                + pki.file("controller-manager.crt")
                + "\n    client-key: "
                + pki.file("controller-manager.key"));
    spawn(
        "kube-controller-manager",
        List.of(
            binaries.resolve("kube-controller-manager").toString(),
            "--kubeconfig=" + kcmKubeconfig,
            "--authentication-kubeconfig=" + kcmKubeconfig,
            "--authorization-kubeconfig=" + kcmKubeconfig,
            "--secure-port=" + freePort(),
            "--bind-address=127.0.0.1",
            "--leader-elect=false",
            // each controller under its own service account and bootstrap role, as kubeadm runs
            // it: system:kube-controller-manager alone may not read custom resources (the garbage
            // collector) nor write poddisruptionbudgets/status (the disruption controller)
            "--use-service-account-credentials=true",
            "--controllers=garbagecollector,namespace,serviceaccount,disruption,clusterrole-aggregation",
            "--root-ca-file=" + pki.file("ca.crt"),
            "--concurrent-gc-syncs=20",
            "--v=1"));
    awaitTrue(
        "the service-account controller (default/default ServiceAccount)",
        Duration.ofSeconds(60),
        () -> admin.serviceAccounts().inNamespace("default").withName("default").get() != null);
    startupTime = Duration.ofNanos(System.nanoTime() - t0);
    String version = admin.getKubernetesVersion().getGitVersion();
    LOG.info(
        "real control plane {} up in {} ms: apiserver https://127.0.0.1:{}, etcd :{}, files in {}",
        version,
        startupTime.toMillis(),
        apiserverPort,
        etcdPort,
        workDir);
    System.out.printf(
        "real control plane %s (kube-apiserver, etcd, kube-controller-manager) up in %d ms%n",
        version, startupTime.toMillis());
  }

  private List<String> apiserverArgs(int port, Path certDir) {
    return List.of(
        binaries.resolve("kube-apiserver").toString(),
        "--etcd-servers=http://127.0.0.1:" + etcdPort,
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        "--secure-port=" + port,
        "--cert-dir=" + certDir,
        "--tls-cert-file=" + pki.file("apiserver.crt"),
        "--tls-private-key-file=" + pki.file("apiserver.key"),
        "--client-ca-file=" + pki.file("ca.crt"),
        "--authorization-mode=Node,RBAC",
        "--enable-admission-plugins=NodeRestriction",
        "--service-account-issuer=https://kubernetes.default.svc",
        "--service-account-key-file=" + pki.file("sa.pub"),
        "--service-account-signing-key-file=" + pki.file("sa.key"),
        "--api-audiences=https://kubernetes.default.svc",
        "--service-cluster-ip-range=10.96.0.0/16",
        "--allow-privileged=true",
        "--max-requests-inflight=1000",
        "--max-mutating-requests-inflight=500",
        "--profiling=false",
        "--v=1");
  }

  private void installProjectCrds() throws IOException {
    Path crds = repoRoot.resolve("helm/nestos-operator/crds");
    List<Path> files;
    try (Stream<Path> s = Files.list(crds)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        for (HasMetadata crd : admin.load(in).items()) {
          admin.resource(crd).forceConflicts().serverSideApply();
        }
      }
    }
    awaitTrue(
        "the project's CRDs Established",
        Duration.ofSeconds(30),
        () ->
            admin.apiextensions().v1().customResourceDefinitions().list().getItems().stream()
                    .filter(c -> c.getSpec().getGroup().equals("nestos.openeuler.org"))
                    .filter(
                        c ->
                            c.getStatus() != null
                                && c.getStatus().getConditions().stream()
                                    .anyMatch(
                                        x ->
                                            x.getType().equals("Established")
                                                && x.getStatus().equals("True")))
                    .count()
                >= files.size());
  }

  // ---- what tests use ----

  /** A cluster-admin client ({@code system:masters}). */
  public KubernetesClient admin() {
    return admin;
  }

  /**
   * The admin client's configuration (a new client from it: {@code new KubernetesClientBuilder}).
   */
  public Config adminConfig() {
    return new ConfigBuilder(adminConfig).build();
  }

  /** A client with a fresh copy of the admin configuration and its own user agent. */
  public KubernetesClient newAdminClient(String userAgent) {
    return new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(adminConfig).withUserAgent(userAgent).build())
        .build();
  }

  /** The admin kubeconfig, for the real kubectl and helm. */
  public Path adminKubeconfig() {
    return adminKubeconfig;
  }

  public String url() {
    return "https://127.0.0.1:" + apiserverPort;
  }

  public int etcdPort() {
    return etcdPort;
  }

  public Duration startupTime() {
    return startupTime;
  }

  /** Where this control plane's logs, certificates and data live. */
  public Path workDir() {
    return workDir;
  }

  /** The apiserver's Prometheus metrics ({@code /metrics}), read with the admin identity. */
  public String metrics() {
    return admin.raw("/metrics");
  }

  /**
   * A service-account token bound to a Pod (TokenRequest with {@code boundObjectRef}): the
   * apiserver adds the pod's node name to the token, so requests made with it carry {@code
   * authentication.kubernetes.io/node-name} in {@code userInfo.extra}, as a DaemonSet pod's token
   * does in a real cluster.
   */
  public String podBoundToken(Pod pod) {
    TokenRequest request =
        new TokenRequestBuilder()
            .withNewSpec()
            .withAudiences("https://kubernetes.default.svc")
            .withExpirationSeconds(3600L)
            .withNewBoundObjectRef()
            .withApiVersion("v1")
            .withKind("Pod")
            .withName(pod.getMetadata().getName())
            .withUid(pod.getMetadata().getUid())
            .endBoundObjectRef()
            .endSpec()
            .build();
    String sa = pod.getSpec().getServiceAccountName();
    return admin
        .serviceAccounts()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(sa == null ? "default" : sa)
        .tokenRequest(request)
        .getStatus()
        .getToken();
  }

  /**
   * A second kube-apiserver on the same etcd, as an HA control plane runs one per control-plane
   * node: the same flags, certificates and identities, its own port and its own watch cache, plus
   * {@code extraFlags} (e.g. {@code --watch-cache=false}, which sends every watch to etcd, where a
   * resourceVersion older than the last compaction is answered with 410 Gone). Stopped by {@link
   * PeerApiserver#close()} or with this control plane.
   */
  public synchronized PeerApiserver startPeerApiserver(String... extraFlags) throws IOException {
    int port = freePort();
    List<String> argv = new ArrayList<>(apiserverArgs(port, workDir.resolve("peer-" + port)));
    argv.addAll(List.of(extraFlags));
    Process p = spawn("kube-apiserver-peer-" + port, argv);
    Config config =
        new ConfigBuilder(adminConfig).withMasterUrl("https://127.0.0.1:" + port).build();
    PeerApiserver peer = new PeerApiserver(this, p, port, config);
    try {
      awaitTrue("peer kube-apiserver :" + port + " /readyz", Duration.ofSeconds(90), peer::ready);
    } catch (IOException | RuntimeException e) {
      peer.close();
      throw e;
    }
    LOG.info("peer kube-apiserver up on :{} (flags {})", port, List.of(extraFlags));
    return peer;
  }

  synchronized void stopped(Process p) {
    processes.remove(p);
  }

  /** etcd's current revision (the newest resourceVersion), read through its v3 HTTP gateway. */
  public long etcdRevision() {
    JsonNode status = etcdPost("/v3/maintenance/status", "{}");
    return status.path("header").path("revision").asLong();
  }

  /**
   * Compacts etcd (physically) at its current revision through the v3 HTTP gateway, as the
   * apiserver's own compactor does every 5 minutes: reads and watches from an older resourceVersion
   * that reach etcd are answered with 410 Gone from now on. Returns the revision.
   */
  public long compactEtcd() {
    long revision = etcdRevision();
    etcdPost("/v3/kv/compaction", "{\"revision\": \"" + revision + "\", \"physical\": true}");
    LOG.info("etcd compacted at revision {}", revision);
    return revision;
  }

  private JsonNode etcdPost(String path, String body) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + etcdPort + path))
                  .timeout(Duration.ofSeconds(30))
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            "etcd " + path + " answered " + r.statusCode() + ": " + r.body());
      }
      return new ObjectMapper().readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("etcd " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted calling etcd " + path, e);
    }
  }

  /** A token for a service account not bound to any object. */
  public String unboundToken(String namespace, String serviceAccount) {
    return admin
        .serviceAccounts()
        .inNamespace(namespace)
        .withName(serviceAccount)
        .tokenRequest(
            new TokenRequestBuilder()
                .withNewSpec()
                .withAudiences("https://kubernetes.default.svc")
                .withExpirationSeconds(3600L)
                .endSpec()
                .build())
        .getStatus()
        .getToken();
  }

  /**
   * Deletes what a previous test left: the project's custom resources (finalizers stripped), every
   * Node, and Pods, PodDisruptionBudgets, ReplicaSets, Deployments, Leases and Events in {@code
   * namespaces}; waits until they are gone. For test suites that share this control plane one
   * cluster at a time (the simulator, the operator harness).
   */
  public void resetProjectObjects(List<String> namespaces) {
    ClusterReset.run(admin, namespaces, Duration.ofSeconds(60));
  }

  /** A client that authenticates with {@code token} (and nothing else). */
  public KubernetesClient clientWithToken(String token, String userAgent) {
    Config c =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url())
            .withCaCertFile(pki.file("ca.crt").toString())
            .withOauthToken(token)
            .withUserAgent(userAgent)
            .withRequestRetryBackoffLimit(0)
            .build();
    return new KubernetesClientBuilder().withConfig(c).build();
  }

  /** A kubeconfig that authenticates with {@code token}, for kubectl. */
  public Path writeTokenKubeconfig(Path file, String user, String token) throws IOException {
    return writeKubeconfig(file, user, "token: " + token);
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close();
    }
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.destroy();
      try {
        if (!p.waitFor(
            Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
          p.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
    processes.clear();
    try {
      deleteTree(workDir.resolve("etcd-data"));
    } catch (IOException e) {
      LOG.warn("could not delete etcd data: {}", e.toString());
    }
  }

  // ---- plumbing ----

  private Process spawn(String name, List<String> argv) throws IOException {
    Path log = workDir.resolve(name + ".log");
    Process p =
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    processes.add(p);
    return p;
  }

  private boolean apiserverReady() {
    try {
      return "ok".equals(admin.raw("/readyz"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void awaitTrue(String what, Duration timeout, BooleanSupplier condition)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IOException(
              "a control-plane process exited ("
                  + p.exitValue()
                  + ") waiting for "
                  + what
                  + "; logs: "
                  + workDir
                  + "\n"
                  + tailOfLogs());
        }
      }
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // not yet
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for " + what, e);
      }
    }
    throw new IOException(
        "timed out waiting for " + what + "; logs: " + workDir + "\n" + tailOfLogs());
  }

  private String tailOfLogs() {
    StringBuilder out = new StringBuilder();
    for (String name : List.of("etcd", "kube-apiserver", "kube-controller-manager")) {
      Path log = workDir.resolve(name + ".log");
      try {
        if (Files.exists(log)) {
          List<String> lines = Files.readAllLines(log);
          out.append("--- ").append(name).append(".log (tail)\n");
          lines
              .subList(Math.max(0, lines.size() - 15), lines.size())
              .forEach(l -> out.append(l).append('\n'));
        }
      } catch (IOException e) {
        out.append("(unreadable ").append(log).append(")\n");
      }
    }
    return out.toString();
  }

  private static boolean httpOk(HttpClient http, String url) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Path writeKubeconfig(Path file, String user, String credentials) throws IOException {
    String yaml =
        "apiVersion: v1\n"
            + "kind: Config\n"
            + "clusters:\n"
            + "- name: nestos-test\n"
            + "  cluster:\n"
            + "    server: "
            + url()
            + "\n"
            + "    certificate-authority: "
            + pki.file("ca.crt")
            + "\n"
            + "users:\n"
            + "- name: "
            + user
            + "\n"
            + "  user:\n"
            + "    "
            + credentials
            + "\n"
            + "contexts:\n"
            + "- name: nestos-test\n"
            + "  context:\n"
            + "    cluster: nestos-test\n"
            + "    user: "
            + user
            + "\n"
            + "current-context: nestos-test\n";
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, yaml);
    return file;
  }

  private static Config configFrom(Path kubeconfig) throws IOException {
    return Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The project checkout this JVM runs in (the directory holding .mvn/maven.version). */
  public static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve(".mvn/maven.version"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "not inside the project (no .mvn/maven.version above the cwd)");
    }
    return dir;
  }

  static Path binaryDir(Path repoRoot) {
    String fromEnv = System.getenv("NESTOS_CONTROL_PLANE_DIR");
    return fromEnv != null && !fromEnv.isBlank()
        ? Path.of(fromEnv)
        : repoRoot.resolve(".tools/control-plane");
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
