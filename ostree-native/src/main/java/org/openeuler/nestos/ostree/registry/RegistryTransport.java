package org.openeuler.nestos.ostree.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.openeuler.nestos.ostree.core.image.OciJson;
import org.openeuler.nestos.ostree.core.ref.DockerReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one Distribution API request: scheme by the plain-HTTP allow list, redirects, credentials
 * and read deadlines by {@link RegistryHttp}, auth (cached, or answered after a 401 of the registry
 * itself once per call), retries with backoff on 429/5xx/connection errors, and error statuses to
 * typed exceptions.
 */
final class RegistryTransport {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryTransport.class);

  /**
   * One request: the body publisher is subscribed once per try; {@code deadline} bounds reading the
   * response body.
   */
  record Call(
      String method,
      URI uri,
      String registry,
      String scope,
      NotFoundException.What notFound,
      Map<String, String> headers,
      BodyPublisher body,
      Duration deadline) {}

  private final RegistryOptions options;
  private final RegistryHttp http;
  private final Authenticator auth;

  RegistryTransport(RegistryOptions options) throws IOException {
    this.options = options;
    this.http = new RegistryHttp(options);
    this.auth = new Authenticator(http, options, Clock.systemUTC());
  }

  /** {@code <scheme>://<registry>/v2/<repository><path>}. */
  URI uri(DockerReference ref, String path) {
    String scheme = options.plainHttp(ref.domain()) ? "http" : "https";
    return URI.create(scheme + "://" + ref.domain() + "/v2/" + ref.path() + path);
  }

  /** The response of a successful (< 400) request; its body stream must be closed by the caller. */
  HttpResponse<InputStream> send(Call call) throws IOException {
    RetryPolicy retry = options.retry();
    boolean answered = false;
    for (int attempt = 1; ; attempt++) {
      HttpResponse<InputStream> resp;
      try {
        resp =
            http.send(
                call.method(),
                call.uri(),
                call.headers(),
                auth.cached(call.registry(), call.scope()).orElse(null),
                call.body(),
                call.deadline());
      } catch (SSLException | RegistryException e) {
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException(call.method() + " " + call.uri() + " interrupted");
      } catch (IOException e) {
        if (attempt >= retry.maxAttempts()) {
          throw e;
        }
        pause(call, attempt, retry.delayAfter(attempt, null), e.toString());
        continue;
      }
      int status = resp.statusCode();
      if (status < 400) {
        return resp;
      }
      byte[] body = drain(resp);
      if (status == 401 && !answered && RegistryHttp.sameOrigin(call.uri(), resp.uri())) {
        auth.forget(call.registry(), call.scope());
        Optional<String> header =
            auth.answer(
                call.registry(), call.scope(), resp.headers().allValues("WWW-Authenticate"));
        if (header.isPresent()) {
          answered = true;
          attempt--;
          continue;
        }
      }
      RegistryException error = error(call, status, body);
      if (!error.retryable() || attempt >= retry.maxAttempts()) {
        throw error;
      }
      pause(call, attempt, retry.delayAfter(attempt, retryAfter(resp)), String.valueOf(status));
    }
  }

  private static void pause(Call call, int attempt, Duration delay, String why) throws IOException {
    LOG.debug(
        "{} {} failed ({}), try {} in {}", call.method(), call.uri(), why, attempt + 1, delay);
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry " + call.uri());
    }
  }

  private static byte[] drain(HttpResponse<InputStream> resp) throws IOException {
    try (InputStream in = resp.body()) {
      return in.readNBytes(64 * 1024);
    }
  }

  /** {@code Retry-After} as seconds or an HTTP date, or null. */
  static Duration retryAfter(HttpResponse<?> resp) {
    String v = resp.headers().firstValue("Retry-After").orElse(null);
    if (v == null) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim())));
    } catch (NumberFormatException e) {
      try {
        Duration d =
            Duration.between(
                ZonedDateTime.now(),
                ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
        return d.isNegative() ? Duration.ZERO : d;
      } catch (RuntimeException ignored) {
        return null;
      }
    }
  }

  private static RegistryException error(Call call, int status, byte[] body) {
    String code = null;
    String detail = "";
    try {
      JsonNode first = OciJson.MAPPER.readTree(body).path("errors").path(0);
      code = OciJson.text(first, "code");
      detail = OciJson.text(first, "message") != null ? ": " + OciJson.text(first, "message") : "";
    } catch (IOException | RuntimeException ignored) {
      // not a Distribution API error body
    }
    String msg =
        call.method()
            + " "
            + call.uri()
            + " -> "
            + status
            + (code != null ? " " + code : "")
            + detail;
    return switch (status) {
      case 401 -> new UnauthorizedException(msg, status, code);
      case 403 -> new ForbiddenException(msg, status, code);
      case 404 -> new NotFoundException(msg, code, notFoundKind(code, call.notFound()));
      case 429 -> new TooManyRequestsException(msg, code);
      default ->
          status >= 500
              ? new ServerErrorException(msg, status, code)
              : new RegistryException(msg, status, code);
    };
  }

  private static NotFoundException.What notFoundKind(String code, NotFoundException.What fallback) {
    if (code == null) {
      return fallback;
    }
    return switch (code) {
      case "MANIFEST_UNKNOWN" -> NotFoundException.What.MANIFEST;
      case "BLOB_UNKNOWN" -> NotFoundException.What.BLOB;
      case "NAME_UNKNOWN" -> NotFoundException.What.REPOSITORY;
      case "BLOB_UPLOAD_UNKNOWN" -> NotFoundException.What.UPLOAD;
      default -> fallback;
    };
  }
}
