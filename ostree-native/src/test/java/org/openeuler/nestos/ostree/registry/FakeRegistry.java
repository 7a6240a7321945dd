package org.openeuler.nestos.ostree.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openeuler.nestos.ostree.core.ref.DockerReference;

/**
 * An in-process JDK HTTP server scripted per test; records every request (method, path+query,
 * Authorization).
 */
final class FakeRegistry implements AutoCloseable {

  /** Answers one exchange. */
  interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  record Seen(String method, String uri, String authorization) {}

  final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  FakeRegistry(Handler handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            seen.add(
                new Seen(
                    ex.getRequestMethod(),
                    ex.getRequestURI().toString(),
                    ex.getRequestHeaders().getFirst("Authorization")));
            handler.handle(ex);
          }
        });
    server.start();
  }

  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  DockerReference ref(String repoAndTag) {
    return DockerReference.parse(host() + "/" + repoAndTag);
  }

  /** Plain HTTP allowed, quick retries (3 tries). */
  RegistryOptions options() {
    return RegistryOptions.defaults()
        .withPlainHttp(host())
        .withRetry(
            new RetryPolicy(
                3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(5)));
  }

  long count(String pathPrefix) {
    return seen.stream().filter(s -> s.uri().startsWith(pathPrefix)).count();
  }

  static void respond(HttpExchange ex, int status, Map<String, String> headers, byte[] body)
      throws IOException {
    headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    boolean empty = body.length == 0 || ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, empty ? -1 : body.length);
    if (!empty) {
      ex.getResponseBody().write(body);
    }
  }

  static void error(HttpExchange ex, int status, String code, Map<String, String> headers)
      throws IOException {
    String body = "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"fake " + code + "\"}]}";
    respond(ex, status, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
