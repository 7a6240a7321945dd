package org.openeuler.nestos.daemon.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /metrics}, {@code /healthz}, {@code /readyz} served by one thread blocked in {@code
 * accept()}: HTTP/1.1 GET, one request per connection. Not the JDK's {@code HttpServer}: its
 * dispatcher wakes every second and its idle timer every few, which is most of an idle daemon's CPU
 * (BENCHMARKS.md, node-daemon); a blocked accept costs nothing until the kubelet or Prometheus
 * calls.
 */
public final class OpsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
  private static final int READ_TIMEOUT_MILLIS = 5_000;
  private static final int MAX_HEADER_LINES = 100;

  private final ServerSocket socket;
  private final Supplier<String> metrics;
  private final BooleanSupplier healthy;
  private final BooleanSupplier ready;
  private final Thread thread;

  public OpsServer(
      int port, Supplier<String> metrics, BooleanSupplier healthy, BooleanSupplier ready)
      throws IOException {
    this.metrics = metrics;
    this.healthy = healthy;
    this.ready = ready;
    socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(port), 8);
    thread = new Thread(this::serve, "nestos-ops");
    thread.setDaemon(true);
    thread.start();
  }

  public int port() {
    return socket.getLocalPort();
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket conn = socket.accept()) {
        conn.setSoTimeout(READ_TIMEOUT_MILLIS);
        handle(conn);
      } catch (SocketException closed) {
        if (!socket.isClosed()) {
          LOG.debug("ops connection failed: {}", closed.toString());
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("ops request failed: {}", e.toString());
      }
    }
  }

  private void handle(Socket conn) throws IOException {
    BufferedReader in =
        new BufferedReader(
            new InputStreamReader(conn.getInputStream(), StandardCharsets.ISO_8859_1));
    String requestLine = in.readLine();
    if (requestLine == null) {
      return;
    }
    for (int i = 0; i < MAX_HEADER_LINES; i++) {
      String header = in.readLine();
      if (header == null || header.isEmpty()) {
        break;
      }
    }
    String[] parts = requestLine.split(" ");
    OutputStream out = conn.getOutputStream();
    if (parts.length != 3 || !parts[2].startsWith("HTTP/")) {
      send(out, 400, "Bad Request", "text/plain", "bad request\n", false);
      return;
    }
    boolean head = parts[0].equals("HEAD");
    if (!head && !parts[0].equals("GET")) {
      send(out, 405, "Method Not Allowed", "text/plain", "GET only\n", false);
      return;
    }
    String path = parts[1].contains("?") ? parts[1].substring(0, parts[1].indexOf('?')) : parts[1];
    switch (path) {
      case "/metrics" ->
          send(out, 200, "OK", "text/plain; version=0.0.4; charset=utf-8", metrics.get(), head);
      case "/healthz" -> probe(out, healthy.getAsBoolean(), head);
      case "/readyz" -> probe(out, ready.getAsBoolean(), head);
      default -> send(out, 404, "Not Found", "text/plain", "not found\n", head);
    }
  }

  private static void probe(OutputStream out, boolean ok, boolean head) throws IOException {
    send(
        out,
        ok ? 200 : 503,
        ok ? "OK" : "Service Unavailable",
        "text/plain",
        ok ? "ok\n" : "not ok\n",
        head);
  }

  private static void send(
      OutputStream out, int code, String phrase, String type, String body, boolean head)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String headers =
        "HTTP/1.1 "
            + code
            + " "
            + phrase
            + "\r\nContent-Type: "
            + type
            + "\r\nContent-Length: "
            + bytes.length
            + "\r\nConnection: close\r\n\r\n";
    out.write(headers.getBytes(StandardCharsets.ISO_8859_1));
    if (!head) {
      out.write(bytes);
    }
    out.flush();
  }

  /**
   * Closes the socket and waits (at most a second) for the serving thread: the port is free when
   * this returns.
   */
  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.debug("closing the ops socket: {}", e.toString());
    }
    thread.interrupt();
    try {
      thread.join(
          1_000); // the JDK defers the real close of a socket a thread is blocked on until that
      // thread leaves
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
