package org.openeuler.nestos.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.openeuler.nestos.apiserver.store.ObjectStore;
import org.openeuler.nestos.apiserver.store.WatchEvent;
import org.openeuler.nestos.apiserver.store.WatchSink;

/**
 * One watch connection, over either transport kube-apiserver offers: a WebSocket (fabric8's
 * default; one text frame per event) or plain HTTP chunked streaming (kubectl, client-go, ArgoCD:
 * one JSON event per line). Sends BOOKMARK events when asked ({@code allowWatchBookmarks}) and ends
 * after {@code timeoutSeconds}.
 */
final class WatchStream implements WatchSink {

  private final Vertx vertx;
  private final Context context;
  private final Consumer<String> writer;
  private final Runnable closer;
  private final UnaryOperator<JsonNode> render;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Consumer<List<JsonNode>> opened;
  private volatile List<JsonNode> initial;
  private Runnable unsubscribe = () -> {};
  private long bookmarkTimer = -1;
  private long timeoutTimer = -1;

  private WatchStream(
      Vertx vertx,
      Consumer<String> writer,
      Runnable closer,
      UnaryOperator<JsonNode> render,
      Consumer<List<JsonNode>> opened) {
    this.vertx = vertx;
    this.opened = opened;
    this.context = vertx.getOrCreateContext();
    this.writer = writer;
    this.closer = closer;
    this.render = render;
  }

  static WatchStream overHttp(
      Vertx vertx,
      HttpServerRequest request,
      UnaryOperator<JsonNode> render,
      Consumer<List<JsonNode>> opened) {
    HttpServerResponse response = request.response();
    response.setChunked(true);
    response.putHeader("Content-Type", "application/json");
    response.putHeader("Cache-Control", "no-cache, private");
    response.setStatusCode(200);
    // kube-apiserver flushes a watch's headers at once: a client sees the watch established before
    // the first event (found by the replay test, docs/standin-divergences.md)
    response.writeHead();
    WatchStream stream =
        new WatchStream(
            vertx,
            line -> response.write(line + "\n"),
            () -> {
              if (!response.ended() && !response.closed()) {
                response.end();
              }
            },
            render,
            opened);
    response.closeHandler(v -> stream.close());
    request.connection().closeHandler(v -> stream.close());
    return stream;
  }

  static WatchStream overWebSocket(
      Vertx vertx,
      ServerWebSocket socket,
      UnaryOperator<JsonNode> render,
      Consumer<List<JsonNode>> opened) {
    WatchStream stream =
        new WatchStream(
            vertx,
            socket::writeTextMessage,
            () -> {
              if (!socket.isClosed()) {
                socket.close();
              }
            },
            render,
            opened);
    socket.closeHandler(v -> stream.close());
    return stream;
  }

  /** Subscribes to the store; bookmarks every {@code bookmarkMillis} when positive. */
  void start(
      ObjectStore store,
      String group,
      String plural,
      String namespace,
      org.openeuler.nestos.apiserver.store.ObjectFilter filter,
      long sinceRv,
      long bookmarkMillis,
      long timeoutSeconds,
      String apiVersion,
      String kind) {
    initial = new ArrayList<>();
    unsubscribe = store.watch(group, plural, namespace, filter, sinceRv, this);
    List<JsonNode> sentAtOnce = initial;
    initial = null;
    opened.accept(sentAtOnce);
    if (bookmarkMillis > 0) {
      bookmarkTimer =
          vertx.setPeriodic(
              bookmarkMillis,
              id -> {
                ObjectNode bookmark = Json.MAPPER.createObjectNode();
                bookmark.put("type", "BOOKMARK");
                bookmark
                    .putObject("object")
                    .put("kind", kind)
                    .put("apiVersion", apiVersion)
                    .putObject("metadata")
                    .put("resourceVersion", Long.toString(store.currentResourceVersion()));
                send(bookmark);
              });
    }
    if (timeoutSeconds > 0) {
      timeoutTimer = vertx.setTimer(timeoutSeconds * 1000, id -> close());
    }
    if (closed.get()) {
      unsubscribe.run();
    }
  }

  @Override
  public void onEvent(WatchEvent.Type type, ObjectNode object) {
    ObjectNode event = Json.MAPPER.createObjectNode();
    event.put("type", type.name());
    event.set("object", render.apply(object));
    send(event);
  }

  @Override
  public void onExpired(long oldestRetained) {
    ObjectNode event = Json.MAPPER.createObjectNode();
    event.put("type", "ERROR");
    ObjectNode status = event.putObject("object");
    status
        .put("kind", "Status")
        .put("apiVersion", "v1")
        .put("status", "Failure")
        .put("message", "too old resource version (oldest retained " + oldestRetained + ")")
        .put("reason", "Expired")
        .put("code", 410);
    status.putObject("metadata");
    send(event);
    context.runOnContext(v -> close());
  }

  private void send(ObjectNode event) {
    if (closed.get()) {
      return;
    }
    List<JsonNode> capture = initial;
    if (capture != null) {
      capture.add(event.deepCopy());
    }
    String line = Json.write(event);
    context.runOnContext(
        v -> {
          if (!closed.get()) {
            writer.accept(line);
          }
        });
  }

  void close() {
    if (closed.compareAndSet(false, true)) {
      unsubscribe.run();
      if (bookmarkTimer >= 0) {
        vertx.cancelTimer(bookmarkTimer);
      }
      if (timeoutTimer >= 0) {
        vertx.cancelTimer(timeoutTimer);
      }
      context.runOnContext(v -> closer.run());
    }
  }
}
