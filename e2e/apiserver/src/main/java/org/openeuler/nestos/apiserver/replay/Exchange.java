package org.openeuler.nestos.apiserver.replay;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One request the stand-in served and its response, as the replay test sends it again.
 *
 * @param seq position in processing order (the stand-in serves requests one at a time)
 * @param method HTTP method
 * @param uri path and raw query
 * @param contentType request Content-Type, or null
 * @param userAgent request User-Agent, or null (it names the field manager of writes)
 * @param requestBody request body as text, or null
 * @param status response status code
 * @param responseBody response JSON, or null (for a watch: null)
 * @param watchEvents for a watch, the events sent when it opened (the history after its
 *     resourceVersion, or the initial ADDED events); null for other requests
 * @param awaitPointer hand-written steps only: a JSON pointer the replay polls this GET for until
 *     it is present in the response (state a controller fills in asynchronously), or null
 */
public record Exchange(
    int seq,
    String method,
    String uri,
    String contentType,
    String userAgent,
    String requestBody,
    int status,
    JsonNode responseBody,
    List<JsonNode> watchEvents,
    String awaitPointer) {

  public boolean isWatch() {
    return watchEvents != null;
  }

  /** The path without the query. */
  public String path() {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }

  /** The raw query, or "". */
  public String query() {
    int q = uri.indexOf('?');
    return q < 0 ? "" : uri.substring(q + 1);
  }

  Exchange withSeq(int newSeq) {
    return new Exchange(
        newSeq,
        method,
        uri,
        contentType,
        userAgent,
        requestBody,
        status,
        responseBody,
        watchEvents,
        awaitPointer);
  }

  Exchange withAwait(String pointer) {
    return new Exchange(
        seq,
        method,
        uri,
        contentType,
        userAgent,
        requestBody,
        status,
        responseBody,
        watchEvents,
        pointer);
  }
}
