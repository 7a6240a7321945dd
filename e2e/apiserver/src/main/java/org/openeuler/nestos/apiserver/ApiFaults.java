package org.openeuler.nestos.apiserver;

/**
 * Faults the stand-in injects into the requests it serves, decided per request (the chaos runner:
 * docs/chaos.md). The decision must be quick and thread-safe: it runs on the server's event loop.
 */
@FunctionalInterface
public interface ApiFaults {

  /** Serves every request. */
  ApiFaults NONE = request -> Fault.PASS;

  Fault decide(Request request);

  /**
   * What the client asked.
   *
   * @param method HTTP method
   * @param path request path, e.g. {@code /api/v1/nodes/node-1}
   * @param watch a watch (a {@code watch=true} query or a WebSocket upgrade)
   * @param userAgent the client's {@code User-Agent}, empty when none
   */
  record Request(String method, String path, boolean watch, String userAgent) {
    /** A request that changes state (not GET, HEAD or OPTIONS). */
    public boolean mutating() {
      return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
    }
  }

  /** What happens to one request. */
  sealed interface Fault {
    /** Served as usual. */
    Fault PASS = new Pass();

    record Pass() implements Fault {}

    /**
     * Refused, unserved, with a {@code v1 Status} of this code and reason (409 Conflict, 429
     * TooManyRequests with {@code Retry-After: 1}, 500 InternalError, 503 ServiceUnavailable).
     */
    record Respond(int code, String reason) implements Fault {}

    /** Served after this delay (a slow API server: clients with short timeouts give up). */
    record Delay(long millis) implements Fault {}

    /**
     * The connection is closed {@code afterMillis} after the request arrived: 0 closes it unserved
     * (a reset); otherwise the request is served and a watch is dropped mid-stream, or a response
     * may be lost after a write was done.
     */
    record Drop(long afterMillis) implements Fault {}
  }
}
