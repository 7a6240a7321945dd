package org.openeuler.nestos.apiserver.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Sends a {@link Recording} again, one request at a time in recorded order, to another server
 * through a fabric8 {@link HttpClient} (which carries that server's credentials), rewriting
 * resourceVersions, uids, generated names, continue tokens and namespaces to what that server
 * returned at the same step. Watches are sent as HTTP streaming watches with a short timeout and
 * read until the recorded number of events arrived (plus a short grace for extra ones).
 */
public final class Replayer {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final long WATCH_GRACE_MILLIS = 150;
  private static final long WATCH_WAIT_MILLIS = 2_000;
  private static final long AWAIT_MILLIS = 15_000;

  private final Function<String, HttpClient> clients;
  private final String baseUrl;
  private final IdMaps maps;

  /** One replayed step: what was sent and what came back. */
  public record Replayed(
      Exchange recorded,
      String sentUri,
      String sentBody,
      int status,
      JsonNode body,
      List<JsonNode> events,
      long nanos) {}

  /**
   * @param clients an HTTP client for a User-Agent (fabric8 sets the header from its config; the
   *     agent names the field manager of writes, so each recorded agent needs its own client)
   * @param namespaces recorded namespace to the namespace used on this server (it must exist)
   */
  public Replayer(
      Function<String, HttpClient> clients, String baseUrl, Map<String, String> namespaces) {
    this.clients = clients;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.maps = new IdMaps(namespaces);
  }

  IdMaps maps() {
    return maps;
  }

  /** Replays every exchange in order. */
  public List<Replayed> replay(List<Exchange> exchanges) {
    List<Replayed> out = new ArrayList<>();
    for (Exchange e : exchanges) {
      out.add(step(e));
    }
    return out;
  }

  /** The comparison of a replay against its recording (see {@link ReplayDiff}). */
  public ReplayDiff diff(List<Replayed> replayed) {
    return ReplayDiff.of(replayed, maps);
  }

  private Replayed step(Exchange e) {
    String uri = rewriteUri(e);
    String body = rewriteBody(e.requestBody());
    long t0 = System.nanoTime();
    try {
      if (e.isWatch()) {
        return watch(e, uri, body, t0);
      }
      Replayed r = send(e, uri, body, t0);
      if (r.status() == 409 && e.status() / 100 == 2 && body != null) {
        // the recording interleaves concurrent clients; replayed one at a time, a write may carry
        // a resourceVersion another recorded write already moved on: re-sent once with the
        // object's current one, as the client itself retries a conflict (both servers alike)
        String fresh = withCurrentResourceVersion(e, uri, body);
        if (fresh != null) {
          body = fresh;
          r = send(e, uri, body, System.nanoTime());
        }
      }
      if (e.awaitPointer() != null
          && e.responseBody() != null
          && !e.responseBody().at(e.awaitPointer()).isMissingNode()) {
        long deadline = System.currentTimeMillis() + AWAIT_MILLIS;
        while ((r.body() == null || r.body().at(e.awaitPointer()).isMissingNode())
            && System.currentTimeMillis() < deadline) {
          Thread.sleep(100);
          r = send(e, uri, body, System.nanoTime());
        }
      }
      if (r.body() != null && e.responseBody() != null) {
        maps.learn(e.responseBody(), r.body(), generateName(e.requestBody(), e.method()));
      }
      return r;
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted replaying step " + e.seq(), ie);
    } catch (ExecutionException | TimeoutException | IOException ex) {
      throw new IllegalStateException(
          "step " + e.seq() + " " + e.method() + " " + uri + " failed: " + ex, ex);
    }
  }

  /** {@code body} with the object's current resourceVersion, or null if it names none. */
  private String withCurrentResourceVersion(Exchange e, String uri, String body)
      throws InterruptedException, ExecutionException, TimeoutException, IOException {
    JsonNode sent = MAPPER.readTree(body);
    if (!(sent.path("metadata") instanceof com.fasterxml.jackson.databind.node.ObjectNode meta)
        || !meta.has("resourceVersion")) {
      return null;
    }
    String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
    HttpResponse<String> current =
        http(e)
            .sendAsync(
                http(e)
                    .newHttpRequestBuilder()
                    .uri(baseUrl + path)
                    .setHeader("Accept", "application/json")
                    .build(),
                String.class)
            .get(30, TimeUnit.SECONDS);
    String rv = MAPPER.readTree(current.body()).path("metadata").path("resourceVersion").asText("");
    if (current.code() != 200 || rv.isEmpty()) {
      return null;
    }
    meta.put("resourceVersion", rv);
    return MAPPER.writeValueAsString(sent);
  }

  private HttpClient http(Exchange e) {
    return clients.apply(e.userAgent());
  }

  private HttpRequest request(Exchange e, String uri, String body) {
    HttpRequest.Builder b = http(e).newHttpRequestBuilder().uri(baseUrl + uri);
    b.setHeader("Accept", "application/json");
    if (body != null || !e.method().equals("GET")) {
      String type = e.contentType() == null ? "application/json" : e.contentType();
      b.method(e.method(), type, body == null ? "" : body);
    }
    return b.build();
  }

  private Replayed send(Exchange e, String uri, String body, long t0)
      throws InterruptedException, ExecutionException, TimeoutException, IOException {
    HttpResponse<String> response =
        http(e).sendAsync(request(e, uri, body), String.class).get(30, TimeUnit.SECONDS);
    String text = response.body();
    JsonNode json = null;
    if (text != null && !text.isBlank()) {
      try {
        json = MAPPER.readTree(text);
      } catch (IOException notJson) {
        json = MAPPER.getNodeFactory().textNode(text);
      }
    }
    return new Replayed(e, uri, body, response.code(), json, null, System.nanoTime() - t0);
  }

  private Replayed watch(Exchange e, String uri, String body, long t0)
      throws InterruptedException, ExecutionException, TimeoutException {
    LinkedBlockingQueue<JsonNode> queue = new LinkedBlockingQueue<>();
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    StringBuilder errorBody = new StringBuilder();
    HttpResponse<AsyncBody> response =
        http(e)
            .consumeBytes(
                request(e, uri, body),
                (buffers, asyncBody) -> {
                  for (ByteBuffer buffer : buffers) {
                    while (buffer.hasRemaining()) {
                      byte b = buffer.get();
                      if (b == '\n') {
                        String line = pending.toString(StandardCharsets.UTF_8);
                        pending.reset();
                        if (!line.isBlank()) {
                          errorBody.append(line);
                          queue.add(MAPPER.readTree(line));
                        }
                      } else {
                        pending.write(b);
                      }
                    }
                  }
                  asyncBody.consume();
                })
            .get(30, TimeUnit.SECONDS);
    AsyncBody stream = response.body();
    stream.consume();
    if (response.code() != 200) {
      stream.done().handle((v, t) -> null).get(10, TimeUnit.SECONDS);
      String rest = pending.toString(StandardCharsets.UTF_8);
      JsonNode json = null;
      try {
        json = MAPPER.readTree(errorBody.isEmpty() ? rest : errorBody.toString());
      } catch (IOException ignored) {
        // no JSON error body
      }
      if (json == null || json.isMissingNode()) {
        json = queue.poll();
      }
      return new Replayed(e, uri, body, response.code(), json, List.of(), System.nanoTime() - t0);
    }
    List<JsonNode> events = new ArrayList<>();
    long expected = e.watchEvents().stream().filter(ev -> !isBookmark(ev)).count();
    long deadline = System.currentTimeMillis() + WATCH_WAIT_MILLIS;
    long graceEnd = -1;
    while (true) {
      long now = System.currentTimeMillis();
      long content = events.stream().filter(ev -> !isBookmark(ev)).count();
      if (content >= expected && graceEnd < 0) {
        graceEnd = now + WATCH_GRACE_MILLIS;
      }
      long until = graceEnd >= 0 ? Math.min(graceEnd, deadline) : deadline;
      if (now >= until) {
        break;
      }
      JsonNode event = queue.poll(Math.min(until - now, 20), TimeUnit.MILLISECONDS);
      if (event != null) {
        events.add(event);
      } else if (stream.done().isDone() && queue.isEmpty()) {
        break;
      }
    }
    stream.cancel();
    for (int i = 0, j = 0; i < e.watchEvents().size() && j < events.size(); i++, j++) {
      maps.learn(e.watchEvents().get(i).path("object"), events.get(j).path("object"), null);
    }
    return new Replayed(e, uri, body, 200, null, events, System.nanoTime() - t0);
  }

  static boolean isBookmark(JsonNode event) {
    return "BOOKMARK".equals(event.path("type").asText());
  }

  private static String generateName(String body, String method) {
    if (body == null || !method.equals("POST")) {
      return null;
    }
    try {
      return MAPPER.readTree(body).path("metadata").path("generateName").asText(null);
    } catch (IOException e) {
      return null;
    }
  }

  String rewriteUri(Exchange e) {
    String[] segments = e.path().split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (i > 0 && segments[i - 1].equals("namespaces")) {
        segments[i] = maps.namespace(segments[i]);
      } else {
        segments[i] = maps.name(segments[i]);
      }
    }
    String path = String.join("/", segments);
    String query = e.query();
    if (query.isEmpty()) {
      return path;
    }
    List<String> pairs = new ArrayList<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? null : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (value != null) {
        value =
            switch (key) {
              case "resourceVersion" -> maps.resourceVersion(value);
              case "continue" -> maps.continueToken(value);
              case "timeoutSeconds" -> e.isWatch() ? "2" : value;
              case "fieldSelector", "labelSelector" -> rewriteSelector(value);
              default -> value;
            };
      }
      pairs.add(
          value == null
              ? pair
              : URLEncoder.encode(key, StandardCharsets.UTF_8)
                  + "="
                  + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
    if (e.isWatch() && pairs.stream().noneMatch(p -> p.startsWith("timeoutSeconds="))) {
      pairs.add("timeoutSeconds=2");
    }
    return path + "?" + String.join("&", pairs);
  }

  private String rewriteSelector(String selector) {
    List<String> terms = new ArrayList<>();
    for (String term : selector.split(",")) {
      int eq = term.indexOf('=');
      if (eq > 0 && term.substring(0, eq).replace("!", "").equals("metadata.namespace")) {
        String value = term.substring(eq + 1).replaceFirst("^=", "");
        terms.add(term.substring(0, term.length() - value.length()) + maps.namespace(value));
      } else {
        terms.add(maps.forwardText(term));
      }
    }
    return String.join(",", terms);
  }

  String rewriteBody(String body) {
    if (body == null || body.isEmpty()) {
      return body;
    }
    String text = maps.forwardText(body);
    JsonNode json;
    try {
      json = MAPPER.readTree(text);
    } catch (IOException notJson) {
      return text; // a YAML apply patch: sent as recorded
    }
    if (json == null) {
      return text;
    }
    rewriteNode(json);
    try {
      return MAPPER.writeValueAsString(json);
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private void rewriteNode(JsonNode node) {
    if (node instanceof ObjectNode o) {
      var fields = o.fieldNames();
      List<String> names = new ArrayList<>();
      fields.forEachRemaining(names::add);
      for (String f : names) {
        JsonNode v = o.get(f);
        if (v.isTextual() && f.equals("resourceVersion")) {
          o.put(f, maps.resourceVersion(v.asText()));
        } else if (v.isTextual() && f.equals("namespace")) {
          o.put(f, maps.namespace(v.asText()));
        } else {
          rewriteNode(v);
        }
      }
      // a JSON patch operation on a resourceVersion: {"op":"test","path":".../resourceVersion"}
      if (o.path("path").asText("").endsWith("/resourceVersion") && o.path("value").isTextual()) {
        o.put("value", maps.resourceVersion(o.get("value").asText()));
      }
      if (o.path("path").asText("").endsWith("/namespace") && o.path("value").isTextual()) {
        o.put("value", maps.namespace(o.get("value").asText()));
      }
    } else if (node instanceof ArrayNode a) {
      a.forEach(this::rewriteNode);
    }
  }
}
