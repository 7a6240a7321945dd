package org.openeuler.nestos.apiserver.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Supplier;
import org.openeuler.nestos.apiserver.ApiFaults;
import org.openeuler.nestos.apiserver.api.ResourceService;
import org.openeuler.nestos.apiserver.replay.Recording;

/** Builds the request handler of the server (keeps the HTTP classes package-private). */
public final class HttpFrontend {

  private HttpFrontend() {}

  public static Handler<HttpServerRequest> handler(
      Vertx vertx, ResourceService service, RequestCounter counter, long bookmarkMillis) {
    return handler(vertx, service, counter, bookmarkMillis, () -> null);
  }

  /**
   * @param recording where to record each exchange (the replay test), or a supplier of null
   */
  public static Handler<HttpServerRequest> handler(
      Vertx vertx,
      ResourceService service,
      RequestCounter counter,
      long bookmarkMillis,
      Supplier<Recording> recording) {
    return handler(vertx, service, counter, bookmarkMillis, recording, () -> ApiFaults.NONE);
  }

  /**
   * @param faults the faults to inject (the chaos runner), read at every request
   */
  public static Handler<HttpServerRequest> handler(
      Vertx vertx,
      ResourceService service,
      RequestCounter counter,
      long bookmarkMillis,
      Supplier<Recording> recording,
      Supplier<ApiFaults> faults) {
    return new FaultingHandler(
        vertx, new ApiHttpHandler(vertx, service, counter, bookmarkMillis, recording), faults);
  }

  /**
   * Closes the open watches of the clients whose user agent matches, if {@code handler} injects
   * faults ({@link #handler(Vertx, ResourceService, RequestCounter, long, Supplier, Supplier)});
   * how many.
   */
  public static int dropWatches(
      Handler<HttpServerRequest> handler, java.util.function.Predicate<String> userAgent) {
    return handler instanceof FaultingHandler f ? f.dropWatches(userAgent) : 0;
  }
}
