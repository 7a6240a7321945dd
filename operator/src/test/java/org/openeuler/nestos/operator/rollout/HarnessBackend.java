package org.openeuler.nestos.operator.rollout;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.controlplane.RealControlPlane;

/**
 * The API server under {@link RuntimeHarness}: the stand-in (default, one per harness) or the
 * shared upstream control plane ({@code -Dnestos.controlPlane=real}, emptied when a harness starts
 * and closes). Clients made here count the requests they send per user agent, verb and resource, so
 * write counts do not depend on the stand-in's request log.
 */
final class HarnessBackend implements AutoCloseable {

  static final List<String> NAMESPACES = List.of("default");

  private final TestApiServer standIn;
  private final RealControlPlane real;

  /** "userAgent verb resource" -> requests sent. */
  private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();

  private HarnessBackend(TestApiServer standIn, RealControlPlane real) {
    this.standIn = standIn;
    this.real = real;
  }

  /** From {@code nestos.controlPlane} / {@code NESTOS_CONTROL_PLANE}: standin (default) or real. */
  static HarnessBackend start() {
    String v = System.getProperty("nestos.controlPlane", System.getenv("NESTOS_CONTROL_PLANE"));
    if (v == null || v.isBlank() || v.equals("standin")) {
      return new HarnessBackend(TestApiServer.start(), null);
    }
    if (!v.equals("real")) {
      throw new IllegalArgumentException("nestos.controlPlane must be standin or real, got " + v);
    }
    RealControlPlane cp = RealControlPlane.shared();
    cp.resetProjectObjects(NAMESPACES);
    return new HarnessBackend(null, cp);
  }

  /**
   * On a stand-in the caller started (e.g. one recording its requests); closed with the backend.
   */
  static HarnessBackend standIn(TestApiServer server) {
    return new HarnessBackend(server, null);
  }

  boolean real() {
    return real != null;
  }

  Optional<TestApiServer> standIn() {
    return Optional.ofNullable(standIn);
  }

  /** The API server's port (for a TCP relay in front of it). */
  int port() {
    return standIn != null ? standIn.port() : URI.create(real.url()).getPort();
  }

  /** A cluster-admin client talking to {@code 127.0.0.1:port} (the server, or a relay to it). */
  KubernetesClient client(int port, String userAgent) {
    Config base = standIn != null ? standIn.clientConfig() : real.adminConfig();
    String scheme = standIn != null ? "http" : "https";
    Config config =
        new ConfigBuilder(base)
            .withMasterUrl(scheme + "://127.0.0.1:" + port)
            .withNamespace("default")
            .withUserAgent(userAgent)
            .build();
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withKubernetesSerialization(org.openeuler.nestos.api.LenientResources.serialization())
        .withHttpClientBuilderConsumer(
            b -> b.addOrReplaceInterceptor("count-requests", new Counter(userAgent)))
        .build();
  }

  KubernetesClient client(String userAgent) {
    return client(port(), userAgent);
  }

  /** A kubeconfig for kubectl (cluster admin). */
  java.nio.file.Path writeKubeconfig(java.nio.file.Path file) throws java.io.IOException {
    if (standIn != null) {
      return standIn.writeKubeconfig(file);
    }
    java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
    return java.nio.file.Files.copy(
        real.adminKubeconfig(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** Requests sent by clients whose user agent starts with {@code agentPrefix}. */
  long sent(String agentPrefix, String verb, String resource) {
    return sent.entrySet().stream()
        .filter(
            e -> {
              String[] k = e.getKey().split(" ");
              return k[0].startsWith(agentPrefix) && k[1].equals(verb) && k[2].equals(resource);
            })
        .mapToLong(e -> e.getValue().get())
        .sum();
  }

  /** Writes (create, update, patch, delete) sent by {@code agentPrefix}, per resource. */
  Map<String, Long> writes(String agentPrefix) {
    Map<String, Long> out = new java.util.TreeMap<>();
    sent.forEach(
        (key, n) -> {
          String[] k = key.split(" ");
          if (k[0].startsWith(agentPrefix)
              && List.of("create", "update", "patch", "delete").contains(k[1])) {
            out.merge(k[2], n.get(), Long::sum);
          }
        });
    return out;
  }

  void resetCounts() {
    sent.clear();
  }

  @Override
  public void close() {
    if (standIn != null) {
      standIn.close();
    } else {
      real.resetProjectObjects(NAMESPACES);
    }
  }

  /** Counts each request by verb (Kubernetes' names) and resource (with its subresource). */
  private final class Counter implements Interceptor {
    private final String agent;

    Counter(String agent) {
      this.agent = agent;
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, Interceptor.RequestTags tags) {
      String verb =
          switch (request.method()) {
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default ->
                request.uri().getQuery() != null && request.uri().getQuery().contains("watch=true")
                    ? "watch"
                    : "get";
          };
      sent.computeIfAbsent(
              agent + " " + verb + " " + resource(request.uri()), k -> new AtomicLong())
          .incrementAndGet();
    }
  }

  /**
   * {@code nodestates}, {@code nodestates/status}, {@code leases}...: the path after the group
   * version, without namespace and name.
   */
  static String resource(URI uri) {
    String[] p = uri.getPath().replaceFirst("^/", "").split("/");
    int i = p[0].equals("api") ? 2 : 3; // api/v1/... or apis/group/version/...
    if (i < p.length && p[i].equals("namespaces") && i + 2 < p.length) {
      i += 2;
    }
    if (i >= p.length) {
      return "";
    }
    String resource = p[i];
    return i + 2 < p.length ? resource + "/" + p[i + 2] : resource;
  }
}
