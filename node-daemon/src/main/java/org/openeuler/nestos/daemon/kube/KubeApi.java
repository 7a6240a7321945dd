package org.openeuler.nestos.daemon.kube;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's API client: plain HTTP/1.1 requests through the JDK's {@link HttpClient}, JSON
 * through Jackson, nothing else (docs/decisions.md §20). The fabric8 client it replaced loaded
 * ~2,000 classes of its own for the daemon's two watches and few writes. Responses of 400 and above
 * become {@link KubeApiException}s with the API server's message; a 401 re-reads the rotating token
 * and tries once more.
 */
public final class KubeApi implements AutoCloseable {

  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final KubeEndpoint endpoint;
  private final HttpClient http;
  private final ObjectMapper json;
  private ScheduledExecutorService watchdog;
  private volatile boolean closed;

  public KubeApi(KubeEndpoint endpoint) {
    this.endpoint = endpoint;
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10));
    if (endpoint.tls() != null) {
      b.sslContext(endpoint.tls());
    }
    this.http = b.build();
    this.json =
        new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
  }

  ObjectMapper json() {
    return json;
  }

  /** The object at {@code path}, or null when it does not exist (404). */
  public <T> T get(String path, Class<T> type) {
    HttpResponse<byte[]> r = send("GET", path, null);
    if (r.statusCode() == 404) {
      return null;
    }
    return read(r, type);
  }

  /**
   * A list at {@code pathAndQuery} as a JSON tree; a 404 (the resource type is not served, e.g. the
   * CRD is not installed) is a {@link KubeApiException}, never an empty list.
   */
  JsonNode getTree(String pathAndQuery) {
    HttpResponse<byte[]> r = send("GET", pathAndQuery, null);
    if (r.statusCode() == 404) {
      throw refusal("GET", pathAndQuery, 404, r.body());
    }
    return read(r, JsonNode.class);
  }

  /** Replaces the object at {@code path} (PUT; a set resourceVersion is a precondition: 409). */
  public <T> T put(String path, Object body, Class<T> type) {
    return read(send("PUT", path, body), type);
  }

  /** Creates an object in the collection at {@code path} (POST). */
  public void post(String path, Object body) {
    read(send("POST", path, body), JsonNode.class);
  }

  /**
   * Opens a watch stream (newline-separated JSON events); the caller closes it.
   *
   * @throws KubeApiException for a refused watch (410 when the resourceVersion is too old)
   */
  InputStream openWatch(String pathAndQuery) {
    for (int attempt = 0; ; attempt++) {
      HttpResponse<InputStream> r;
      try {
        r =
            http.send(
                request("GET", pathAndQuery, null), HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        throw new KubeApiException("GET " + pathAndQuery + ": " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KubeApiException("GET " + pathAndQuery + ": interrupted", e);
      }
      if (r.statusCode() < 400) {
        return r.body();
      }
      byte[] body;
      try (InputStream in = r.body()) {
        body = in.readAllBytes();
      } catch (IOException e) {
        body = new byte[0];
      }
      if (r.statusCode() == 401 && attempt == 0 && endpoint.token() != null) {
        endpoint.token().refresh();
        continue;
      }
      throw refusal("GET", pathAndQuery, r.statusCode(), body);
    }
  }

  /**
   * Runs {@code check} every {@code period} on one shared daemon thread (the watches' stall check);
   * cancelled by the returned future or by {@link #close()}.
   */
  synchronized ScheduledFuture<?> every(Duration period, Runnable check) {
    if (watchdog == null) {
      watchdog =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "nestos-kube-watchdog");
                t.setDaemon(true);
                return t;
              });
    }
    return watchdog.scheduleWithFixedDelay(
        check, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  boolean closed() {
    return closed;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (watchdog != null) {
      watchdog.shutdownNow();
    }
    // JDK 21+ can end the client's selector thread and sockets at once; on 17 they end when the
    // client is collected
    try {
      HttpClient.class.getMethod("shutdownNow").invoke(http);
    } catch (ReflectiveOperationException e) {
      // JDK 17: no shutdown method
    }
  }

  private HttpResponse<byte[]> send(String method, String path, Object body) {
    for (int attempt = 0; ; attempt++) {
      HttpResponse<byte[]> r;
      try {
        r = http.send(request(method, path, body), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        throw new KubeApiException(method + " " + path + ": " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KubeApiException(method + " " + path + ": interrupted", e);
      }
      if (r.statusCode() == 401 && attempt == 0 && endpoint.token() != null) {
        endpoint.token().refresh();
        continue;
      }
      if (r.statusCode() >= 400 && r.statusCode() != 404) {
        throw refusal(method, path, r.statusCode(), r.body());
      }
      if (r.statusCode() == 404 && !"GET".equals(method)) {
        throw refusal(method, path, 404, r.body());
      }
      return r;
    }
  }

  private HttpRequest request(String method, String path, Object body) {
    if (closed) {
      throw new KubeApiException(method + " " + path + ": the client is closed", null);
    }
    if (endpoint.requestLog() != null) {
      endpoint.requestLog().accept(method + " " + path);
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(endpoint.server() + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json");
    if (endpoint.userAgent() != null) {
      b.header("User-Agent", endpoint.userAgent());
    }
    if (endpoint.token() != null) {
      b.header("Authorization", "Bearer " + endpoint.token().get());
    }
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      try {
        b.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("unserializable request body: " + e.getMessage(), e);
      }
    }
    return b.build();
  }

  private <T> T read(HttpResponse<byte[]> r, Class<T> type) {
    try {
      return json.readValue(r.body(), type);
    } catch (IOException e) {
      throw new KubeApiException(
          r.statusCode(), "unreadable response from " + r.request().uri() + ": " + e.getMessage());
    }
  }

  private KubeApiException refusal(String method, String path, int code, byte[] body) {
    String message;
    try {
      JsonNode status = json.readTree(body);
      message = status == null ? "" : status.path("message").asText("");
    } catch (IOException e) {
      message = "";
    }
    if (message.isEmpty()) {
      message = new String(body, java.nio.charset.StandardCharsets.UTF_8);
      message = message.length() > 200 ? message.substring(0, 200) : message;
    }
    return new KubeApiException(code, method + " " + path + ": " + code + " " + message);
  }
}
