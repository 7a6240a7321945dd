package org.openeuler.nestos.apiserver.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import org.openeuler.nestos.apiserver.api.ResourceService;

/** Builds the request handler of the server (keeps the HTTP classes package-private). */
public final class HttpFrontend {

  private HttpFrontend() {}

  public static Handler<HttpServerRequest> handler(
      Vertx vertx, ResourceService service, RequestCounter counter, long bookmarkMillis) {
    return new ApiHttpHandler(vertx, service, counter, bookmarkMillis);
  }
}
