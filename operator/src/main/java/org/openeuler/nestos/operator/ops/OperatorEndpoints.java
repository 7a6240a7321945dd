package org.openeuler.nestos.operator.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * {@code /metrics} (Prometheus text), {@code /healthz} (the process answers) and {@code /readyz}
 * (caches synced).
 */
public final class OperatorEndpoints implements AutoCloseable {

  private final HttpServer server;

  public OperatorEndpoints(int port, PrometheusMeterRegistry registry, BooleanSupplier ready)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext(
        "/metrics", ex -> reply(ex, 200, registry.scrape(), "text/plain; version=0.0.4"));
    server.createContext("/healthz", ex -> reply(ex, 200, "ok", "text/plain"));
    server.createContext(
        "/readyz",
        ex -> {
          boolean ok = ready.getAsBoolean();
          reply(ex, ok ? 200 : 503, ok ? "ok" : "caches not synced", "text/plain");
        });
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void reply(HttpExchange exchange, int code, String body, String contentType)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
