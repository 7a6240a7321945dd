package org.openeuler.nestos.ostree.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP exchange with a registry (or its token endpoint), redirects followed here rather than by
 * the JDK: at most {@value #MAX_REDIRECTS} hops; the {@code Authorization} header goes only to the
 * origin (scheme, host, port) it was meant for, never to another host a redirect names (blob
 * storage, a CDN, an attacker); plain HTTP is refused for every URI outside the plain-HTTP allow
 * list, redirect targets and token realms included. Bodies are {@link TimedBody}: the request
 * timeout bounds every wait for data, the given deadline the whole body.
 */
final class RegistryHttp {

  static final int MAX_REDIRECTS = 5;

  private final RegistryOptions options;
  private final HttpClient http;

  RegistryHttp(RegistryOptions options) throws IOException {
    this.options = options;
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(options.requestTimeout());
    if (options.caFile() != null) {
      b.sslContext(TlsSupport.withExtraCa(options.caFile()));
    }
    this.http = b.build();
  }

  /**
   * Sends {@code method uri}; {@code authorization} (may be null) is sent to {@code uri}'s origin
   * only. The final response (not a redirect); its body must be closed by the caller.
   */
  HttpResponse<InputStream> send(
      String method,
      URI uri,
      Map<String, String> headers,
      String authorization,
      BodyPublisher body,
      Duration deadline)
      throws IOException, InterruptedException {
    requireAllowedScheme(uri, method + " " + uri);
    URI at = uri;
    String m = method;
    BodyPublisher b = body;
    for (int hop = 0; ; hop++) {
      HttpRequest.Builder rb =
          HttpRequest.newBuilder(at)
              .timeout(options.requestTimeout())
              .method(m, b != null ? b : HttpRequest.BodyPublishers.noBody());
      headers.forEach(
          (k, v) -> {
            if (!k.equalsIgnoreCase("Authorization")) {
              rb.header(k, v);
            }
          });
      if (authorization != null && sameOrigin(uri, at)) {
        rb.header("Authorization", authorization);
      }
      HttpResponse<InputStream> r =
          http.send(
              rb.build(), TimedBody.handler(m + " " + at, options.requestTimeout(), deadline));
      int status = r.statusCode();
      if (!isRedirect(status)) {
        return r;
      }
      String location = r.headers().firstValue("Location").orElse(null);
      r.body().close();
      if (location == null) {
        throw new RegistryException(
            m + " " + at + " -> " + status + " redirect without a Location", status, null);
      }
      if (hop >= MAX_REDIRECTS) {
        throw new RegistryException(
            m + " " + uri + ": more than " + MAX_REDIRECTS + " redirects", status, null);
      }
      URI next;
      try {
        next = at.resolve(location);
      } catch (IllegalArgumentException e) {
        throw new RegistryException(
            m + " " + at + " -> " + status + " with an invalid Location", status, null);
      }
      requireAllowedScheme(next, m + " " + at + " redirected to " + next);
      if (status == 303 && !m.equals("HEAD")) {
        m = "GET";
        b = null;
      }
      at = next;
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** HTTPS always; plain HTTP only to a host of the allow list. */
  private void requireAllowedScheme(URI u, String context) throws RegistryException {
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) {
      return;
    }
    if (scheme.equals("http") && u.getHost() != null) {
      String hostPort = u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "");
      if (options.plainHttp(hostPort) || (u.getPort() == 80 && options.plainHttp(u.getHost()))) {
        return;
      }
      throw new RegistryException(
          context
              + ": plain HTTP to "
              + hostPort
              + " refused (not in the plain-HTTP allow list; use HTTPS)",
          0,
          null);
    }
    throw new RegistryException(context + ": unsupported URI scheme '" + scheme + "'", 0, null);
  }

  /** Same scheme, host (case-insensitive) and effective port. */
  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI u) {
    if (u.getPort() >= 0) {
      return u.getPort();
    }
    return u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }
}
