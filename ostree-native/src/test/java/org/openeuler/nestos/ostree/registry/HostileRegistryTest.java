package org.openeuler.nestos.ostree.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openeuler.nestos.ostree.core.image.Descriptor;
import org.openeuler.nestos.ostree.core.image.MediaTypes;
import org.openeuler.nestos.ostree.core.image.OciDigest;
import org.openeuler.nestos.ostree.core.ref.DockerReference;

/**
 * Hostile registries (issue 11, items a, b and e): bodies that stall after the headers, trickle for
 * ever or stop short; redirects to another host or to plain HTTP. Each a small in-test server (a
 * raw socket where the JDK server cannot misbehave). The {@code @Timeout}s only turn a hang into a
 * failure: without the read deadlines these tests never end.
 */
class HostileRegistryTest {

  private static final byte[] BLOB = "0123456789abcdef".repeat(64).getBytes(StandardCharsets.UTF_8);
  private static final Descriptor BLOB_DESCRIPTOR =
      new Descriptor(MediaTypes.OCI_LAYER_GZIP, OciDigest.of(BLOB), BLOB.length);

  /** A one-connection-at-a-time HTTP server that answers every request with {@code script}. */
  private static final class RawServer implements AutoCloseable {
    interface Script {
      void answer(InputStream in, OutputStream out) throws Exception;
    }

    final ServerSocket socket;
    final Thread thread;

    RawServer(Script script) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      thread =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try (Socket s = socket.accept()) {
                    readRequest(s.getInputStream());
                    script.answer(s.getInputStream(), s.getOutputStream());
                  } catch (Exception e) {
                    // connection ended (the client gave up) or the server was closed
                  }
                }
              },
              "hostile-registry");
      thread.setDaemon(true);
      thread.start();
    }

    String host() {
      return "127.0.0.1:" + socket.getLocalPort();
    }

    RegistryClient client(Duration requestTimeout, Duration deadline) throws IOException {
      return new RegistryClient(
          RegistryOptions.defaults()
              .withPlainHttp(host())
              .withRetry(RetryPolicy.none())
              .withRequestTimeout(requestTimeout)
              .withTransferDeadline(deadline));
    }

    DockerReference repo() {
      return DockerReference.parse(host() + "/hostile/os");
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }

    private static void readRequest(InputStream in) throws IOException {
      int state = 0;
      while (state < 4) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("client closed");
        }
        state = (b == '\r' && state % 2 == 0) || (b == '\n' && state % 2 == 1) ? state + 1 : 0;
      }
    }
  }

  private static void headers(OutputStream out, String extra) throws IOException {
    out.write(
        ("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n" + extra + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Test
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aBodyThatStallsAfterTheHeadersFailsWithAReadTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (RawServer server =
        new RawServer(
            (in, out) -> {
              headers(out, "Content-Length: " + BLOB.length + "\r\n");
              out.write(BLOB, 0, 100);
              out.flush();
              release.await();
            })) {
      RegistryClient client = server.client(Duration.ofMillis(300), Duration.ofMinutes(10));
      assertThatThrownBy(
              () ->
                  client.fetchBlob(server.repo(), BLOB_DESCRIPTOR, OutputStream.nullOutputStream()))
          .isInstanceOfSatisfying(
              TransferTimeoutException.class,
              e -> assertThat(e.kind()).isEqualTo(TransferTimeoutException.Kind.STALLED))
          .hasMessageContaining("stalled")
          .hasMessageContaining("after 100 bytes")
          .hasMessageContaining("/v2/hostile/os/blobs/" + BLOB_DESCRIPTOR.digest());
      release.countDown();
    }
  }

  @Test
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aBodyThatTricklesForEverEndsAtTheTransferDeadline() throws Exception {
    try (RawServer server =
        new RawServer(
            (in, out) -> {
              headers(out, "Transfer-Encoding: chunked\r\n");
              while (true) {
                out.write("1\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(20);
              }
            })) {
      RegistryClient client = server.client(Duration.ofSeconds(5), Duration.ofMillis(500));
      Descriptor huge = new Descriptor(MediaTypes.OCI_LAYER_GZIP, OciDigest.of(BLOB), 1L << 40);
      assertThatThrownBy(
              () -> client.fetchBlob(server.repo(), huge, OutputStream.nullOutputStream()))
          .isInstanceOfSatisfying(
              TransferTimeoutException.class,
              e -> assertThat(e.kind()).isEqualTo(TransferTimeoutException.Kind.DEADLINE))
          .hasMessageContaining("deadline");
    }
  }

  @Test
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aManifestThatTricklesEndsWithinThreeRequestTimeouts() throws Exception {
    try (RawServer server =
        new RawServer(
            (in, out) -> {
              headers(
                  out,
                  "Transfer-Encoding: chunked\r\nContent-Type: "
                      + MediaTypes.OCI_MANIFEST
                      + "\r\n");
              while (true) {
                out.write("1\r\n \r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(20);
              }
            })) {
      RegistryClient client = server.client(Duration.ofMillis(200), Duration.ofHours(1));
      assertThatThrownBy(() -> client.getManifest(server.repo().withTag("v1")))
          .isInstanceOf(TransferTimeoutException.class)
          .hasMessageContaining("deadline of 0 s");
    }
  }

  @Test
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void anInterruptStopsADownloadBlockedOnAStalledRegistry() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch headersSent = new CountDownLatch(1);
    try (RawServer server =
        new RawServer(
            (in, out) -> {
              headers(out, "Content-Length: " + BLOB.length + "\r\n");
              headersSent.countDown();
              release.await();
            })) {
      RegistryClient client = server.client(Duration.ofMinutes(10), Duration.ofHours(1));
      AtomicReference<Throwable> outcome = new AtomicReference<>();
      Thread downloader =
          new Thread(
              () -> {
                try {
                  client.fetchBlob(server.repo(), BLOB_DESCRIPTOR, new ByteArrayOutputStream());
                } catch (Throwable t) {
                  outcome.set(t);
                }
              });
      downloader.start();
      headersSent.await();
      downloader.interrupt();
      downloader.join();
      assertThat(outcome.get()).isInstanceOf(InterruptedIOException.class);
      release.countDown();
    }
  }

  @Test
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aTruncatedBodySaysSoAndNamesTheCause() throws Exception {
    try (RawServer server =
        new RawServer(
            (in, out) -> {
              headers(out, "Content-Length: " + BLOB.length + "\r\n");
              out.write(BLOB, 0, 100);
              out.flush();
            })) {
      RegistryClient client = server.client(Duration.ofSeconds(10), Duration.ofMinutes(1));
      assertThatThrownBy(
              () ->
                  client.fetchBlob(server.repo(), BLOB_DESCRIPTOR, OutputStream.nullOutputStream()))
          .hasMessageContaining("body truncated, connection lost after 100 bytes")
          .hasCauseInstanceOf(IOException.class);
    }
  }

  @Test
  void credentialsAreNeverSentToTheHostARedirectNames() throws Exception {
    Credentials robot = new Credentials("robot", "secret");
    try (FakeRegistry storage =
            new FakeRegistry(ex -> FakeRegistry.respond(ex, 200, Map.of(), BLOB));
        FakeRegistry registry =
            new FakeRegistry(
                ex -> {
                  if (!robot
                      .basicHeader()
                      .equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                    FakeRegistry.error(
                        ex,
                        401,
                        "UNAUTHORIZED",
                        Map.of("WWW-Authenticate", "Basic realm=\"registry\""));
                  } else {
                    FakeRegistry.respond(
                        ex,
                        307,
                        Map.of("Location", "http://" + storageHost(ex) + "/blob-store/x"),
                        new byte[0]);
                  }
                })) {
      storageHostRef.set(storage.host());
      RegistryClient client =
          new RegistryClient(
              registry
                  .options()
                  .withPlainHttp(storage.host())
                  .withCredentials(DockerConfig.empty().with(registry.host(), robot)));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      client.fetchBlob(registry.ref("nestos/os"), BLOB_DESCRIPTOR, out);

      assertThat(out.toByteArray()).isEqualTo(BLOB);
      assertThat(registry.seen).anySatisfy(s -> assertThat(s.authorization()).isNotNull());
      assertThat(storage.seen)
          .isNotEmpty()
          .allSatisfy(s -> assertThat(s.authorization()).as("sent to %s", s.uri()).isNull());
    }
  }

  private static final AtomicReference<String> storageHostRef = new AtomicReference<>();

  private static String storageHost(com.sun.net.httpserver.HttpExchange ex) {
    return storageHostRef.get();
  }

  @Test
  void aRedirectToPlainHttpOutsideTheAllowListIsRefused() throws Exception {
    try (FakeRegistry elsewhere =
            new FakeRegistry(ex -> FakeRegistry.respond(ex, 200, Map.of(), BLOB));
        FakeRegistry registry =
            new FakeRegistry(
                ex ->
                    FakeRegistry.respond(
                        ex,
                        302,
                        Map.of("Location", "http://" + storageHost(ex) + "/blob"),
                        new byte[0]))) {
      storageHostRef.set(elsewhere.host());
      RegistryClient client = new RegistryClient(registry.options());
      assertThatThrownBy(
              () ->
                  client.fetchBlob(
                      registry.ref("nestos/os"), BLOB_DESCRIPTOR, new ByteArrayOutputStream()))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("plain HTTP to " + elsewhere.host() + " refused");
      assertThat(elsewhere.seen).isEmpty();
    }
  }

  @Test
  void aTokenRealmOnPlainHttpOutsideTheAllowListIsRefused() throws Exception {
    Credentials robot = new Credentials("robot", "secret");
    try (FakeRegistry realm =
            new FakeRegistry(ex -> FakeRegistry.respond(ex, 200, Map.of(), BLOB));
        FakeRegistry registry =
            new FakeRegistry(
                ex ->
                    FakeRegistry.error(
                        ex,
                        401,
                        "UNAUTHORIZED",
                        Map.of(
                            "WWW-Authenticate",
                            "Bearer realm=\"http://" + storageHost(ex) + "/token\"")))) {
      storageHostRef.set(realm.host());
      RegistryClient client =
          new RegistryClient(
              registry
                  .options()
                  .withCredentials(DockerConfig.empty().with(registry.host(), robot)));
      assertThatThrownBy(() -> client.getManifest(registry.ref("nestos/os:v1")))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("plain HTTP to " + realm.host() + " refused");
      assertThat(realm.seen).isEmpty();
    }
  }
}
