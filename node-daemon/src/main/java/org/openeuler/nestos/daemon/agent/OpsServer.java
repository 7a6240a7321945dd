package org.openeuler.nestos.daemon.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** {@code /metrics}, {@code /healthz}, {@code /readyz} on one small JDK HTTP server thread. */
public final class OpsServer implements AutoCloseable {

  private final HttpServer server;

  public OpsServer(int port, Supplier<String> metrics, BooleanSupplier healthy, BooleanSupplier ready)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 8);
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "nestos-ops");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/metrics", ex -> send(ex, 200, "text/plain; version=0.0.4", metrics.get()));
    server.createContext("/healthz", ex -> probe(ex, healthy.getAsBoolean()));
    server.createContext("/readyz", ex -> probe(ex, ready.getAsBoolean()));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void probe(HttpExchange ex, boolean ok) throws IOException {
    send(ex, ok ? 200 : 503, "text/plain", ok ? "ok\n" : "not ok\n");
  }

  private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
