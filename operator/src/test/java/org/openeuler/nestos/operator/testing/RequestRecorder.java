package org.openeuler.nestos.operator.testing;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.URI;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Records a fabric8 client's requests as "METHOD uri" lines, the URI in the form a test asserts
 * (path only, path and query, or whole): {@code
 * builder.withHttpClientBuilderConsumer(RequestRecorder.into(lines, URI::getPath))}.
 */
public final class RequestRecorder {

  private RequestRecorder() {}

  /** Adds an interceptor that appends "METHOD form(uri)" to {@code lines} before each request. */
  public static Consumer<HttpClient.Builder> into(List<String> lines, Function<URI, String> form) {
    return b ->
        b.addOrReplaceInterceptor(
            "record",
            new Interceptor() {
              @Override
              public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                lines.add(request.method() + " " + form.apply(request.uri()));
              }
            });
  }

  /** The path and, when there is one, the query of {@code uri}. */
  public static String pathAndQuery(URI uri) {
    return uri.getQuery() == null ? uri.getPath() : uri.getPath() + "?" + uri.getQuery();
  }
}
