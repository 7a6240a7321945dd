package org.openeuler.nestos.ostree.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.ostree.core.image.Descriptor;
import org.openeuler.nestos.ostree.core.image.DigestMismatchException;
import org.openeuler.nestos.ostree.core.image.MediaTypes;
import org.openeuler.nestos.ostree.core.image.OciDigest;
import org.openeuler.nestos.ostree.core.ref.DockerReference;

/** Auth flows, retries and error typing against an in-process fake registry. */
class RegistryTransportTest {

  private static final byte[] MANIFEST =
      ("{\"schemaVersion\":2,\"mediaType\":\""
              + MediaTypes.OCI_MANIFEST
              + "\",\"config\":{\"mediaType\":\""
              + MediaTypes.OCI_CONFIG
              + "\",\"digest\":\""
              + OciDigest.of(new byte[0])
              + "\",\"size\":0},\"layers\":[]}")
          .getBytes(StandardCharsets.UTF_8);
  private static final Map<String, String> MANIFEST_HEADERS =
      Map.of(
          "Content-Type",
          MediaTypes.OCI_MANIFEST,
          "Docker-Content-Digest",
          OciDigest.of(MANIFEST).toString());

  @Test
  void bearerTokenFlowUsesBasicCredentialsAndCachesPerScope() throws IOException {
    String basic = new Credentials("robot", "pw").basicHeader();
    AtomicInteger[] port = {new AtomicInteger()};
    try (FakeRegistry fake =
        new FakeRegistry(
            ex -> {
              String path = ex.getRequestURI().getPath();
              if (path.equals("/token")) {
                boolean ok = basic.equals(ex.getRequestHeaders().getFirst("Authorization"));
                FakeRegistry.respond(
                    ex,
                    ok ? 200 : 401,
                    Map.of(),
                    ok
                        ? "{\"access_token\":\"tok-1\",\"expires_in\":300}".getBytes()
                        : new byte[0]);
              } else if ("Bearer tok-1".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                FakeRegistry.respond(ex, 200, MANIFEST_HEADERS, MANIFEST);
              } else {
                FakeRegistry.error(
                    ex,
                    401,
                    "UNAUTHORIZED",
                    Map.of(
                        "WWW-Authenticate",
                        "Bearer realm=\"http://127.0.0.1:"
                            + port[0].get()
                            + "/token\",service=\"fake\","
                            + "scope=\"repository:nestos/os:pull\""));
              }
            })) {
      port[0].set(Integer.parseInt(fake.host().split(":")[1]));
      RegistryClient client =
          new RegistryClient(
              fake.options()
                  .withCredentials(
                      DockerConfig.empty().with(fake.host(), new Credentials("robot", "pw"))));

      assertThat(client.getManifest(fake.ref("nestos/os:v1")).digest())
          .isEqualTo(OciDigest.of(MANIFEST));
      assertThat(client.headManifest(fake.ref("nestos/os:v1")).digest())
          .isEqualTo(OciDigest.of(MANIFEST));

      assertThat(fake.count("/token")).isEqualTo(1);
      FakeRegistry.Seen token =
          fake.seen.stream().filter(s -> s.uri().startsWith("/token")).findFirst().orElseThrow();
      assertThat(token.uri())
          .contains("service=fake")
          .contains("scope=repository%3Anestos%2Fos%3Apull");
      assertThat(token.authorization()).isEqualTo(basic);
      assertThat(fake.seen.get(fake.seen.size() - 1).authorization()).isEqualTo("Bearer tok-1");
    }
  }

  @Test
  void aRefusedTokenRequestIsUnauthorized() throws IOException {
    AtomicInteger port = new AtomicInteger();
    try (FakeRegistry fake =
        new FakeRegistry(
            ex -> {
              if (ex.getRequestURI().getPath().equals("/token")) {
                FakeRegistry.respond(ex, 401, Map.of(), new byte[0]);
              } else {
                FakeRegistry.error(
                    ex,
                    401,
                    "UNAUTHORIZED",
                    Map.of(
                        "WWW-Authenticate",
                        "Bearer realm=\"http://127.0.0.1:"
                            + port.get()
                            + "/token\",service=\"fake\""));
              }
            })) {
      port.set(Integer.parseInt(fake.host().split(":")[1]));
      RegistryClient client = new RegistryClient(fake.options());
      assertThatThrownBy(() -> client.getManifest(fake.ref("nestos/os:v1")))
          .isInstanceOf(UnauthorizedException.class);
    }
  }

  @Test
  void tooManyRequestsIsRetriedAfterRetryAfter() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    try (FakeRegistry fake =
        new FakeRegistry(
            ex -> {
              if (calls.incrementAndGet() == 1) {
                FakeRegistry.error(ex, 429, "TOOMANYREQUESTS", Map.of("Retry-After", "1"));
              } else {
                FakeRegistry.respond(ex, 200, MANIFEST_HEADERS, MANIFEST);
              }
            })) {
      RegistryClient client = new RegistryClient(fake.options());
      long start = System.nanoTime();
      client.getManifest(fake.ref("nestos/os:v1"));
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(950);
      assertThat(calls.get()).isEqualTo(2);
    }
  }

  @Test
  void serverErrorsAreRetriedThenGivenUp() throws IOException {
    try (FakeRegistry fake =
        new FakeRegistry(ex -> FakeRegistry.error(ex, 503, "UNAVAILABLE", Map.of()))) {
      RegistryClient client = new RegistryClient(fake.options());
      assertThatThrownBy(() -> client.getManifest(fake.ref("nestos/os:v1")))
          .isInstanceOfSatisfying(
              ServerErrorException.class, e -> assertThat(e.status()).isEqualTo(503));
      assertThat(fake.seen).hasSize(3);
    }
  }

  @Test
  void clientErrorsAreNeverRetried() throws IOException {
    try (FakeRegistry fake =
        new FakeRegistry(
            ex -> {
              if (ex.getRequestURI().getPath().contains("/blobs/")) {
                FakeRegistry.error(ex, 403, "DENIED", Map.of());
              } else {
                FakeRegistry.error(ex, 404, "MANIFEST_UNKNOWN", Map.of());
              }
            })) {
      RegistryClient client = new RegistryClient(fake.options());
      assertThatThrownBy(() -> client.getManifest(fake.ref("nestos/os:v1")))
          .isInstanceOfSatisfying(
              NotFoundException.class,
              e -> assertThat(e.what()).isEqualTo(NotFoundException.What.MANIFEST));
      assertThat(fake.seen).hasSize(1);
      Descriptor blob = new Descriptor(MediaTypes.OCI_CONFIG, OciDigest.of(new byte[0]), 0);
      assertThatThrownBy(() -> client.getBlob(fake.ref("nestos/os"), blob, 10))
          .isInstanceOf(ForbiddenException.class);
      assertThat(fake.seen).hasSize(2);
    }
  }

  @Test
  void aManifestThatIsNotTheRequestedDigestIsRejected() throws IOException {
    try (FakeRegistry fake =
        new FakeRegistry(
            ex ->
                FakeRegistry.respond(
                    ex,
                    200,
                    Map.of(
                        "Content-Type",
                        MediaTypes.OCI_MANIFEST,
                        "Docker-Content-Digest",
                        OciDigest.of("x".getBytes()).toString()),
                    MANIFEST))) {
      RegistryClient client = new RegistryClient(fake.options());
      OciDigest other = OciDigest.of("other".getBytes());
      assertThatThrownBy(() -> client.getManifest(fake.ref("nestos/os@" + other)))
          .isInstanceOfSatisfying(
              DigestMismatchException.class,
              e -> {
                assertThat(e.expected()).isEqualTo(other);
                assertThat(e.actual()).isEqualTo(OciDigest.of(MANIFEST));
              });
      assertThatThrownBy(() -> client.getManifest(fake.ref("nestos/os:v1")))
          .isInstanceOf(DigestMismatchException.class)
          .hasMessageContaining("Docker-Content-Digest");
    }
  }

  @Test
  void aDroppedConnectionIsRetried() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
      Thread t =
          new Thread(
              () -> {
                try {
                  server.accept().close();
                  try (Socket s = server.accept()) {
                    s.getInputStream().read(new byte[8192]);
                    OutputStream out = s.getOutputStream();
                    out.write(
                        ("HTTP/1.1 200 OK\r\nContent-Type: "
                                + MediaTypes.OCI_MANIFEST
                                + "\r\nContent-Length: "
                                + MANIFEST.length
                                + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(MANIFEST);
                  }
                } catch (IOException ignored) {
                  // test ends
                }
              });
      t.start();
      String host = "127.0.0.1:" + server.getLocalPort();
      RegistryClient client =
          new RegistryClient(
              RegistryOptions.defaults()
                  .withPlainHttp(host)
                  .withRetry(
                      new RetryPolicy(
                          3,
                          java.time.Duration.ofMillis(10),
                          java.time.Duration.ofMillis(10),
                          java.time.Duration.ZERO)));
      assertThat(client.getManifest(DockerReference.parse(host + "/nestos/os:v1")).body())
          .isEqualTo(MANIFEST);
      t.join(5000);
    }
  }

  @Test
  void aBlobCutOffMidBodyIsDownloadedAgainIntoPlace(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    byte[] blob = new byte[200_000];
    new java.util.Random(3).nextBytes(blob);
    try (ServerSocket server = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
      Thread t =
          new Thread(
              () -> {
                for (int i = 0; i < 2; i++) {
                  try (Socket s = server.accept()) {
                    s.getInputStream().read(new byte[8192]);
                    OutputStream out = s.getOutputStream();
                    out.write(
                        ("HTTP/1.1 200 OK\r\nContent-Length: "
                                + blob.length
                                + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(blob, 0, i == 0 ? blob.length / 2 : blob.length);
                    out.flush();
                  } catch (IOException ignored) {
                    // test ends
                  }
                }
              });
      t.start();
      String host = "127.0.0.1:" + server.getLocalPort();
      RegistryClient client =
          new RegistryClient(
              RegistryOptions.defaults()
                  .withPlainHttp(host)
                  .withRetry(
                      new RetryPolicy(
                          3,
                          java.time.Duration.ofMillis(10),
                          java.time.Duration.ofMillis(10),
                          java.time.Duration.ZERO)));
      java.nio.file.Path target = tmp.resolve("blob");
      client.fetchBlob(
          DockerReference.parse(host + "/nestos/os"),
          new Descriptor(MediaTypes.OCI_LAYER_GZIP, OciDigest.of(blob), blob.length),
          target);
      assertThat(java.nio.file.Files.readAllBytes(target)).isEqualTo(blob);
      try (var left = java.nio.file.Files.list(tmp)) {
        assertThat(left).containsExactly(target);
      }
      t.join(5000);
    }
  }
}
