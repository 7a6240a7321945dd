package org.openeuler.nestos.daemon.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The daemon's ops endpoints over a real socket, with the JDK HTTP client (as Prometheus and the
 * kubelet call).
 */
class OpsServerTest {

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private HttpResponse<String> get(OpsServer ops, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesMetricsAndProbesThatFollowTheAgent() throws Exception {
    AtomicBoolean healthy = new AtomicBoolean(true);
    AtomicBoolean ready = new AtomicBoolean(false);
    try (OpsServer ops =
        new OpsServer(
            0, () -> "nestos_daemon_state{state=\"idle\"} 1.0\n", healthy::get, ready::get)) {
      HttpResponse<String> metrics = get(ops, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
      assertThat(metrics.body()).isEqualTo("nestos_daemon_state{state=\"idle\"} 1.0\n");

      assertThat(get(ops, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(ops, "/readyz").statusCode()).isEqualTo(503);
      ready.set(true);
      healthy.set(false);
      assertThat(get(ops, "/readyz?verbose").statusCode()).isEqualTo(200);
      assertThat(get(ops, "/healthz").statusCode()).isEqualTo(503);
      assertThat(get(ops, "/nope").statusCode()).isEqualTo(404);
      HttpResponse<String> post =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + "/metrics"))
                  .POST(HttpRequest.BodyPublishers.ofString("x"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
    }
  }

  @Test
  void aGarbledOrSilentClientDoesNotStopTheServer() throws Exception {
    try (OpsServer ops = new OpsServer(0, () -> "", () -> true, () -> true)) {
      try (Socket s = new Socket("127.0.0.1", ops.port())) {
        OutputStream out = s.getOutputStream();
        out.write("garbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        assertThat(new String(readAll(s.getInputStream()), StandardCharsets.ISO_8859_1))
            .startsWith("HTTP/1.1 400");
      }
      try (Socket silent = new Socket("127.0.0.1", ops.port())) {
        silent.getOutputStream().flush(); // connects and closes without a request
      }
      assertThat(get(ops, "/healthz").statusCode()).isEqualTo(200);
    }
  }

  @RepeatedTest(20)
  void closeReleasesThePort() throws Exception {
    OpsServer ops = new OpsServer(0, () -> "", () -> true, () -> true);
    int port = ops.port();
    ops.close();
    try (OpsServer again = new OpsServer(port, () -> "", () -> true, () -> true)) {
      assertThat(get(again, "/healthz").statusCode()).isEqualTo(200);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    return in.readAllBytes();
  }
}
