package org.openeuler.nestos.apiserver;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openeuler.nestos.apiserver.api.ResourceService;
import org.openeuler.nestos.apiserver.http.HttpFrontend;
import org.openeuler.nestos.apiserver.http.RequestCounter;
import org.openeuler.nestos.apiserver.registry.ResourceRegistry;
import org.openeuler.nestos.apiserver.replay.Recording;
import org.openeuler.nestos.apiserver.store.ObjectStore;

/**
 * A kube-apiserver stand-in for tests, the simulator and the demo, on 127.0.0.1 over plain HTTP.
 * Real kubectl 1.32, fabric8 and java-operator-sdk talk to it. Our four CRDs are installed at start
 * (as Helm would); more CRDs can be created through the API.
 *
 * <pre>{@code
 * try (TestApiServer server = TestApiServer.start()) {
 *   KubernetesClient client = new KubernetesClientBuilder().withConfig(server.clientConfig()).build();
 * }
 * }</pre>
 */
public final class TestApiServer implements AutoCloseable {

  private final Vertx vertx;
  private final HttpServer http;
  private final ResourceService service;
  private final RequestCounter counter;
  private final AtomicReference<Recording> recording;
  private final AtomicReference<ApiFaults> faults;
  private final io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> handler;
  private boolean closed;

  private TestApiServer(
      Vertx vertx,
      HttpServer http,
      ResourceService service,
      RequestCounter counter,
      AtomicReference<Recording> recording,
      AtomicReference<ApiFaults> faults,
      io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> handler) {
    this.vertx = vertx;
    this.faults = faults;
    this.handler = handler;
    this.http = http;
    this.service = service;
    this.counter = counter;
    this.recording = recording;
  }

  /** Starts on a free port with the project's CRDs installed. */
  public static TestApiServer start() {
    return start(0, Options.defaults());
  }

  public static TestApiServer start(int port, Options options) {
    return start(port, options, null);
  }

  /**
   * Starts with the defaults and records every request it serves, from the first, into {@code into}
   * (the stand-in replay test: docs/standin-divergences.md).
   */
  public static TestApiServer recording(Recording into) {
    return start(0, Options.defaults(), into);
  }

  private static TestApiServer start(int port, Options options, Recording into) {
    AtomicReference<Recording> recording = new AtomicReference<>(into);
    AtomicReference<ApiFaults> faults = new AtomicReference<>(ApiFaults.NONE);
    ResourceRegistry registry = ResourceRegistry.withBuiltins();
    ObjectStore store = new ObjectStore();
    ResourceService service = new ResourceService(store, registry, Admissions.forCrds());
    if (options.installProjectCrds()) {
      Admissions.installProjectCrds(service);
    }
    RequestCounter counter = new RequestCounter();
    Vertx vertx = Vertx.vertx();
    HttpServer http =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setMaxWebSocketFrameSize(16 * 1024 * 1024)
                .setMaxWebSocketMessageSize(64 * 1024 * 1024)
                .setCompressionSupported(false));
    var handler =
        HttpFrontend.handler(
            vertx, service, counter, options.bookmarkMillis(), recording::get, faults::get);
    http.requestHandler(handler);
    try {
      http.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("the test API server could not listen on port " + port, e);
    }
    return new TestApiServer(vertx, http, service, counter, recording, faults, handler);
  }

  /** Records every request served from now on into {@code into}; null stops recording. */
  public void record(Recording into) {
    recording.set(into);
  }

  /** Injects {@code f} into every request served from now on; {@link ApiFaults#NONE} stops. */
  public void faults(ApiFaults f) {
    faults.set(f == null ? ApiFaults.NONE : f);
  }

  /**
   * Closes the open watches of the clients whose user agent matches (a dropped connection: the
   * clients reconnect); how many.
   */
  public int dropWatches(java.util.function.Predicate<String> userAgent) {
    return HttpFrontend.dropWatches(handler, userAgent);
  }

  public int port() {
    return http.actualPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  public ResourceService service() {
    return service;
  }

  public RequestCounter requests() {
    return counter;
  }

  /** A fabric8 client configuration pointing here. */
  public io.fabric8.kubernetes.client.Config clientConfig() {
    return new io.fabric8.kubernetes.client.ConfigBuilder()
        .withMasterUrl(url())
        .withNamespace("default")
        .withTrustCerts(true)
        .withRequestRetryBackoffLimit(0)
        .build();
  }

  /** Writes a kubeconfig for kubectl (context {@code nestos-test}) and returns its path. */
  public Path writeKubeconfig(Path file) throws IOException {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: nestos-test
          cluster:
            server: %s
        users:
        - name: nestos-admin
          user:
            token: nestos-test-token
        contexts:
        - name: nestos-test
          context:
            cluster: nestos-test
            user: nestos-admin
            namespace: default
        current-context: nestos-test
        """
            .formatted(url());
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, yaml);
    return file;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the test API server did not stop cleanly", e);
    }
  }

  /**
   * @param installProjectCrds install OSVersion, NodeConfig, RubikPolicy and NodeState at start
   * @param bookmarkMillis interval of BOOKMARK events on watches that allow them
   */
  public record Options(boolean installProjectCrds, long bookmarkMillis) {
    public static Options defaults() {
      return new Options(true, 5_000);
    }
  }
}
