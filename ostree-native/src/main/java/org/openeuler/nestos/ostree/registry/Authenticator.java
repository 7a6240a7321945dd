package org.openeuler.nestos.ostree.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openeuler.nestos.ostree.core.image.OciJson;

/**
 * Answers 401 challenges and remembers the answers: HTTP basic from the configured credentials (per
 * registry), or the bearer-token flow (GET the realm with service and scope, basic credentials if
 * any, read {@code token} or {@code access_token}) cached per registry and scope until {@code
 * expires_in} runs out.
 */
final class Authenticator {

  private static final Duration DEFAULT_TOKEN_LIFE = Duration.ofSeconds(60);
  private static final String BASIC = "*basic*";

  private record Cached(String header, Instant expires) {}

  private final RegistryHttp http;
  private final DockerConfig credentials;
  private final Duration deadline;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  Authenticator(RegistryHttp http, RegistryOptions options, Clock clock) {
    this.http = http;
    this.credentials = options.credentials();
    this.deadline = options.documentDeadline();
    this.clock = clock;
  }

  /** The {@code Authorization} value already known for this registry and scope, if any. */
  Optional<String> cached(String registry, String scope) {
    Cached c = cache.get(registry + " " + scope);
    if (c == null || clock.instant().isAfter(c.expires())) {
      c = cache.get(registry + " " + BASIC);
    }
    return Optional.ofNullable(c).map(Cached::header);
  }

  void forget(String registry, String scope) {
    cache.remove(registry + " " + scope);
    cache.remove(registry + " " + BASIC);
  }

  /**
   * Works out an {@code Authorization} value for the challenges of a 401, or empty when none can be
   * answered (no challenge, unknown scheme, basic without credentials).
   */
  Optional<String> answer(String registry, String scope, List<String> challenges)
      throws IOException {
    Optional<Credentials> creds = credentials.forRegistry(registry);
    for (String header : challenges) {
      AuthChallenge ch = AuthChallenge.parse(header);
      if (ch.scheme().equals("bearer") && ch.param("realm") != null) {
        String challengeScope = ch.param("scope") != null ? ch.param("scope") : scope;
        Cached token = fetchToken(ch.param("realm"), ch.param("service"), challengeScope, creds);
        cache.put(registry + " " + scope, token);
        return Optional.of(token.header());
      }
      if (ch.scheme().equals("basic") && creds.isPresent()) {
        cache.put(registry + " " + BASIC, new Cached(creds.get().basicHeader(), Instant.MAX));
        return Optional.of(creds.get().basicHeader());
      }
    }
    return Optional.empty();
  }

  private Cached fetchToken(String realm, String service, String scope, Optional<Credentials> creds)
      throws IOException {
    StringBuilder q = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
    if (service != null) {
      q.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8)).append('&');
    }
    if (scope != null && !scope.isEmpty()) {
      q.append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
    }
    URI uri;
    try {
      uri = URI.create(q.toString());
    } catch (IllegalArgumentException e) {
      throw new RegistryException("invalid token realm " + realm, 0, null);
    }
    HttpResponse<InputStream> resp;
    try {
      resp =
          http.send(
              "GET",
              uri,
              Map.of("Accept", "application/json"),
              creds.map(Credentials::basicHeader).orElse(null),
              null,
              deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while fetching a registry token");
    }
    byte[] body;
    try (InputStream in = resp.body()) {
      body = in.readNBytes(1 << 20);
    }
    int status = resp.statusCode();
    if (status == 401) {
      throw new UnauthorizedException(
          "token endpoint "
              + realm
              + " refused "
              + (creds.isPresent() ? "the credentials" : "anonymous access")
              + " for scope "
              + scope,
          401,
          null);
    }
    if (status == 403) {
      throw new ForbiddenException("token endpoint " + realm + " denies scope " + scope, 403, null);
    }
    if (status != 200) {
      throw new RegistryException("token endpoint " + realm + " answered " + status, status, null);
    }
    JsonNode json = OciJson.read(body, "token response");
    String token =
        OciJson.text(json, "token") != null
            ? OciJson.text(json, "token")
            : OciJson.text(json, "access_token");
    if (token == null || token.isBlank()) {
      throw new RegistryException("token endpoint " + realm + " sent no token", status, null);
    }
    Duration life =
        json.has("expires_in") && json.get("expires_in").asLong() > 0
            ? Duration.ofSeconds(json.get("expires_in").asLong())
            : DEFAULT_TOKEN_LIFE;
    return new Cached("Bearer " + token, clock.instant().plus(life).minusSeconds(5));
  }
}
