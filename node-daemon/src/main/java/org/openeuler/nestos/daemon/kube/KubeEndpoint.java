package org.openeuler.nestos.daemon.kube;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Where and how the daemon reaches the API server: the server's URL, the TLS context that trusts it
 * (null for plain HTTP), the bearer token (null without one), the user agent, and an optional log
 * of every request line sent ({@code "GET /api/v1/..."}, for tests).
 */
public record KubeEndpoint(
    URI server, SSLContext tls, BearerToken token, String userAgent, Consumer<String> requestLog) {

  /** The service account's files in every pod that mounts its token. */
  public static final Path SERVICE_ACCOUNT =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  public KubeEndpoint {
    if (server == null) {
      throw new IllegalArgumentException("the API server URL is required");
    }
    String path = server.getPath();
    if (path != null && path.endsWith("/")) {
      server = URI.create(server.toString().substring(0, server.toString().length() - 1));
    }
  }

  /** The same endpoint, each request line also given to {@code log}. */
  public KubeEndpoint withRequestLog(Consumer<String> log) {
    return new KubeEndpoint(server, tls, token, userAgent, log);
  }

  /**
   * The endpoint a pod uses ({@code KUBERNETES_SERVICE_HOST}/{@code _PORT}, the service account's
   * CA and rotating token), or, outside a cluster, {@code NESTOS_API_SERVER} with the optional
   * {@code NESTOS_API_CA_FILE} and {@code NESTOS_API_TOKEN_FILE} (development and benchmarks).
   *
   * @throws IllegalStateException when neither is configured
   */
  public static KubeEndpoint fromEnvironment(
      Map<String, String> env, Path serviceAccount, String userAgent) {
    String explicit = env.get("NESTOS_API_SERVER");
    if (explicit != null && !explicit.isBlank()) {
      URI server = URI.create(explicit.strip());
      String ca = env.get("NESTOS_API_CA_FILE");
      String token = env.get("NESTOS_API_TOKEN_FILE");
      return new KubeEndpoint(
          server,
          ca == null || ca.isBlank()
              ? "https".equals(server.getScheme()) ? defaultTls() : null
              : trusting(Path.of(ca)),
          token == null || token.isBlank()
              ? null
              : new BearerToken(Path.of(token), Clock.systemUTC()),
          userAgent,
          null);
    }
    String host = env.get("KUBERNETES_SERVICE_HOST");
    String port = env.get("KUBERNETES_SERVICE_PORT");
    if (host == null || host.isBlank() || port == null || port.isBlank()) {
      throw new IllegalStateException(
          "no API server: not in a pod (KUBERNETES_SERVICE_HOST/PORT unset) and NESTOS_API_SERVER"
              + " unset");
    }
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return new KubeEndpoint(
        URI.create("https://" + h + ":" + port.strip()),
        trusting(serviceAccount.resolve("ca.crt")),
        new BearerToken(serviceAccount.resolve("token"), Clock.systemUTC()),
        userAgent,
        null);
  }

  /** A TLS context trusting exactly the certificates of the PEM file {@code caFile}. */
  public static SSLContext trusting(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca-" + i++, c);
      }
      if (i == 0) {
        throw new IllegalStateException("no certificate in " + caFile);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("CA file " + caFile + " unusable: " + e.getMessage(), e);
    }
  }

  private static SSLContext defaultTls() {
    try {
      return SSLContext.getDefault();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
