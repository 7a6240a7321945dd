package org.openeuler.nestos.apiserver.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The requests a {@link org.openeuler.nestos.apiserver.TestApiServer} served while recording, in
 * the order it served them ({@code TestApiServer.record}). Thread-safe.
 */
public final class Recording {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final List<Exchange> exchanges = new ArrayList<>();
  private boolean paused;
  private UnaryOperator<Exchange> nextMark;

  /** Adds an exchange as the next step (called by the server, in processing order). */
  public synchronized void add(Exchange exchange) {
    if (paused) {
      return;
    }
    Exchange e = exchange.withSeq(exchanges.size());
    if (nextMark != null) {
      e = nextMark.apply(e);
      nextMark = null;
    }
    exchanges.add(e);
  }

  /** Stops (true) or resumes (false) recording. */
  public synchronized void pause(boolean pause) {
    this.paused = pause;
  }

  /**
   * Marks the next recorded exchange: the replay polls it (a GET) until {@code pointer} is present
   * in its response body. For hand-written steps that wait on a controller.
   */
  public synchronized void awaitNext(String pointer) {
    nextMark = e -> e.withAwait(pointer);
  }

  public synchronized List<Exchange> exchanges() {
    return exchanges.stream().sorted(Comparator.comparingInt(Exchange::seq)).toList();
  }

  public synchronized int size() {
    return exchanges.size();
  }

  /** The recording as JSON lines (one exchange per line), for a fixture or a failure report. */
  public void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    StringBuilder out = new StringBuilder();
    for (Exchange e : exchanges()) {
      out.append(MAPPER.writeValueAsString(toJson(e))).append('\n');
    }
    Files.writeString(file, out);
  }

  /** Reads what {@link #write} wrote. */
  public static Recording read(Path file) throws IOException {
    Recording r = new Recording();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        r.add(fromJson(MAPPER.readTree(line)));
      }
    }
    return r;
  }

  static ObjectNode toJson(Exchange e) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("seq", e.seq()).put("method", e.method()).put("uri", e.uri());
    o.put("contentType", e.contentType()).put("userAgent", e.userAgent());
    o.put("requestBody", e.requestBody()).put("status", e.status());
    o.set("responseBody", e.responseBody());
    if (e.watchEvents() != null) {
      ArrayNode events = o.putArray("watchEvents");
      e.watchEvents().forEach(events::add);
    }
    if (e.awaitPointer() != null) {
      o.put("awaitPointer", e.awaitPointer());
    }
    return o;
  }

  static Exchange fromJson(JsonNode o) {
    List<JsonNode> events = null;
    if (o.has("watchEvents")) {
      events = new ArrayList<>();
      o.get("watchEvents").forEach(events::add);
    }
    return new Exchange(
        o.path("seq").asInt(),
        o.path("method").asText(),
        o.path("uri").asText(),
        text(o, "contentType"),
        text(o, "userAgent"),
        text(o, "requestBody"),
        o.path("status").asInt(),
        o.hasNonNull("responseBody") ? o.get("responseBody") : null,
        events,
        text(o, "awaitPointer"));
  }

  private static String text(JsonNode o, String field) {
    return o.hasNonNull(field) ? o.get(field).asText() : null;
  }
}
