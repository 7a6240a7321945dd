package org.openeuler.nestos.apiserver.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Supplier;
import org.openeuler.nestos.apiserver.ApiFaults;
import org.openeuler.nestos.apiserver.ApiFaults.Fault;
import org.openeuler.nestos.apiserver.api.ApiException;

/** Puts {@link ApiFaults} in front of the API: each request is served, refused, delayed or cut. */
final class FaultingHandler implements Handler<HttpServerRequest> {

  private final Vertx vertx;
  private final Handler<HttpServerRequest> next;
  private final Supplier<ApiFaults> faults;

  /** Open watch connections and their client's user agent (for {@link #dropWatches}). */
  private final java.util.Map<io.vertx.core.http.HttpConnection, String> watches =
      new java.util.concurrent.ConcurrentHashMap<>();

  FaultingHandler(Vertx vertx, Handler<HttpServerRequest> next, Supplier<ApiFaults> faults) {
    this.vertx = vertx;
    this.next = next;
    this.faults = faults;
  }

  /** Closes every open watch of a client whose user agent {@code matches}; how many. */
  int dropWatches(java.util.function.Predicate<String> matches) {
    int dropped = 0;
    for (var e : java.util.List.copyOf(watches.entrySet())) {
      if (matches.test(e.getValue())) {
        watches.remove(e.getKey());
        e.getKey().close();
        dropped++;
      }
    }
    return dropped;
  }

  @Override
  public void handle(HttpServerRequest request) {
    track(request);
    ApiFaults current = faults.get();
    if (current == null || current == ApiFaults.NONE) {
      next.handle(request);
      return;
    }
    boolean webSocket = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    String query = request.query() == null ? "" : request.query();
    String agent = request.getHeader("User-Agent");
    Fault fault =
        current.decide(
            new ApiFaults.Request(
                request.method().name(),
                request.path(),
                webSocket || query.contains("watch=true") || query.contains("watch=1"),
                agent == null ? "" : agent));
    if (fault instanceof Fault.Respond r) {
      refuse(request, r);
    } else if (fault instanceof Fault.Delay d && !webSocket) {
      request.pause();
      vertx.setTimer(
          Math.max(1, d.millis()),
          id -> {
            next.handle(request);
            request.resume();
          });
    } else if (fault instanceof Fault.Drop d) {
      if (d.afterMillis() <= 0) {
        request.connection().close();
        return;
      }
      vertx.setTimer(d.afterMillis(), id -> request.connection().close());
      next.handle(request);
    } else {
      next.handle(request); // PASS, or a delay of a WebSocket upgrade (answered on the spot)
    }
  }

  private void track(HttpServerRequest request) {
    String query = request.query() == null ? "" : request.query();
    boolean watch =
        "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))
            || query.contains("watch=true")
            || query.contains("watch=1");
    if (watch) {
      var connection = request.connection();
      String agent = request.getHeader("User-Agent");
      watches.put(connection, agent == null ? "" : agent);
      connection.closeHandler(v -> watches.remove(connection));
    }
  }

  private static void refuse(HttpServerRequest request, Fault.Respond r) {
    ApiException e =
        ApiException.of(r.code(), r.reason(), "injected fault: " + r.reason() + " (chaos)");
    var response = request.response().setStatusCode(r.code());
    response.putHeader("Content-Type", "application/json");
    if (r.code() == 429 || r.code() == 503) {
      response.putHeader("Retry-After", "1");
    }
    response.end(Json.write(Json.status(e)));
  }
}
