package org.openeuler.nestos.ostree.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.ostree.core.image.Descriptor;
import org.openeuler.nestos.ostree.core.image.InvalidImageException;
import org.openeuler.nestos.ostree.core.image.LayerLimits;
import org.openeuler.nestos.ostree.core.image.OciDigest;
import org.openeuler.nestos.ostree.core.image.Platform;
import org.openeuler.nestos.ostree.core.ref.DockerReference;
import org.openeuler.nestos.ostree.host.Command;
import org.openeuler.nestos.ostree.host.HostNamespace;
import org.openeuler.nestos.ostree.host.ProcessCommandRunner;
import org.openeuler.nestos.ostree.registry.RegistryClient;
import org.openeuler.nestos.ostree.registry.RegistryOptions;
import org.openeuler.nestos.ostree.registry.RetryPolicy;

/**
 * Hostile layers against the importer with the real {@code ostree} (issue 11, items c, d and e):
 * each is refused with a clear error, before the damage (memory, disk, a device node), and leaves
 * no temporary repo behind.
 */
class HostileLayerIT {

  private static final ProcessCommandRunner RUNNER = new ProcessCommandRunner(HostNamespace.NONE);
  private static final String ARCH = Platform.current().architecture();

  @TempDir Path dir;
  private Path work;
  private Path target;

  @BeforeEach
  void repo() {
    work = dir.resolve("work");
    target = dir.resolve("target");
    RUNNER.run(Command.of("ostree", "init", "--repo=" + target, "--mode=bare")).orThrow();
  }

  private OstreeImporter importer() {
    return new OstreeImporter(RUNNER, work);
  }

  private void refused(OstreeImporter importer, List<byte[]> layers, String why)
      throws IOException {
    OciLayout layout = new OciLayout(dir.resolve("oci"));
    Descriptor m = HostileLayers.image(layout, layers, ARCH);
    assertThatThrownBy(() -> importer.importImage(layout, m.digest(), target))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining(why);
    assertNoTemporaryRepo();
  }

  private void assertNoTemporaryRepo() throws IOException {
    try (Stream<Path> left = Files.list(work)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".import-"));
    }
  }

  @Test
  void deviceAndFifoEntriesAreRefusedByTheirTypeFlag() throws IOException {
    for (byte type : new byte[] {TarConstants.LF_FIFO, TarConstants.LF_CHR, TarConstants.LF_BLK}) {
      refused(
          importer(),
          List.of(HostileLayers.gzipTar(tar -> HostileLayers.special(tar, "usr/dev/x", type))),
          "devices, fifos and sockets are not allowed");
    }
  }

  @Test
  void longGnuNamesAreRefusedBeforeTheyAreRead() throws IOException {
    byte[] layer =
        HostileLayers.gzipTar(
            tar -> {
              for (int i = 0; i < 40; i++) {
                HostileLayers.gnuLongName(tar, 1 << 20, i);
              }
            });
    assertThat(layer.length).isLessThan(200_000);
    refused(importer(), List.of(layer), "a GNU long name of 1048576 bytes (at most 4096)");
  }

  @Test
  void paxRecordsBeyondTheMetadataBudgetAreRefused() throws IOException {
    byte[] layer = HostileLayers.gzipTar(tar -> HostileLayers.paxPath(tar, 1 << 20));
    refused(importer(), List.of(layer), "tar headers (GNU long names, PAX records) exceed 65536");
  }

  @Test
  void entriesBeyondTheLimitAreRefused() throws IOException {
    byte[] layer =
        HostileLayers.gzipTar(
            tar -> {
              for (int i = 0; i < 1001; i++) {
                HostileLayers.file(tar, "usr/f" + i, new byte[0]);
              }
            });
    refused(
        new OstreeImporter(
            RUNNER,
            work,
            Platform.current(),
            LayerLimits.DEFAULT.withMaxEntries(1000),
            p -> Long.MAX_VALUE / 4),
        List.of(layer),
        "limit of 1000 entries");
  }

  @Test
  void aGzipBombIsStoppedAtTheExpansionCap() throws IOException {
    byte[] layer =
        HostileLayers.gzipTar(tar -> HostileLayers.zeros(tar, HostileLayers.OBJECT, 64L << 20));
    assertThat(layer.length).isLessThan(100_000);
    refused(importer(), List.of(layer), "refused as a decompression bomb");
  }

  @Test
  void sparseEntriesAreRefused() throws IOException {
    refused(
        importer(),
        List.of(HostileLayers.gnuSparse(HostileLayers.OBJECT, 64L << 20)),
        "is a sparse file");
  }

  @Test
  void anImageTheFreeSpaceCannotHoldIsRefusedBeforeAnyLayerIsRead() throws IOException {
    OciLayout layout = new OciLayout(dir.resolve("oci"));
    Descriptor m =
        HostileLayers.image(
            layout,
            List.of(HostileLayers.gzipTar(tar -> HostileLayers.file(tar, "usr/a", new byte[10]))),
            ARCH);
    AtomicInteger layersOpened = new AtomicInteger();
    ImageSource counting =
        new ImageSource() {
          @Override
          public byte[] manifest(OciDigest digest) throws IOException {
            return layout.manifest(digest);
          }

          @Override
          public InputStream blob(Descriptor blob) throws IOException {
            if (blob.mediaType().contains("layer")) {
              layersOpened.incrementAndGet();
            }
            return layout.blob(blob);
          }
        };
    OstreeImporter full =
        new OstreeImporter(RUNNER, work, Platform.current(), LayerLimits.DEFAULT, p -> 100L << 20);
    assertThatThrownBy(() -> full.importImage(counting, m.digest(), target))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("not enough free space");
    assertThat(layersOpened).hasValue(0);
  }

  @Test
  void aLayerThatExpandsPastTheFreeSpaceIsStoppedBeforeTheDiskFills() throws IOException {
    byte[] layer =
        HostileLayers.gzipTar(tar -> HostileLayers.zeros(tar, HostileLayers.OBJECT, 8L << 20));
    refused(
        new OstreeImporter(
            RUNNER,
            work,
            Platform.current(),
            LayerLimits.DEFAULT,
            p -> OstreeImporter.RESERVE_BYTES + (2L << 20)),
        List.of(layer),
        "free space of the sysroot leaves for it");
  }

  @Test
  void anImageForAnotherArchitectureIsRefused() throws IOException {
    OciLayout layout = new OciLayout(dir.resolve("oci"));
    Descriptor m =
        HostileLayers.image(
            layout,
            List.of(HostileLayers.gzipTar(tar -> HostileLayers.file(tar, "usr/a", new byte[1]))),
            ARCH.equals("s390x") ? "riscv64" : "s390x");
    assertThatThrownBy(() -> importer().importImage(layout, m.digest(), target))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("image config says platform linux/")
        .hasMessageContaining("not linux/" + ARCH);
  }

  /** How the hostile registry serves the layer blob. */
  private interface LayerServer {
    void serve(com.sun.net.httpserver.HttpExchange ex, byte[] layer, AtomicLong sent)
        throws IOException;
  }

  /** The whole layer, 64 KiB at a time, counting what the client took. */
  private static void whole(com.sun.net.httpserver.HttpExchange ex, byte[] layer, AtomicLong sent)
      throws IOException {
    ex.sendResponseHeaders(200, layer.length);
    for (int off = 0; off < layer.length; off += 1 << 16) {
      int n = Math.min(1 << 16, layer.length - off);
      ex.getResponseBody().write(layer, off, n);
      sent.addAndGet(n);
    }
  }

  /** Imports an image of {@code layer} from an in-test registry; the failure it ends with. */
  private Exception importFromRegistry(byte[] layer, LayerServer hook, AtomicLong sent)
      throws Exception {
    OciLayout layout = new OciLayout(dir.resolve("oci"));
    Descriptor m = HostileLayers.image(layout, List.of(layer), ARCH);
    OciDigest layerDigest = OciDigest.of(layer);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            String path = ex.getRequestURI().getPath();
            OciDigest d = OciDigest.parse(path.substring(path.lastIndexOf('/') + 1));
            if (d.equals(layerDigest)) {
              hook.serve(ex, layer, sent);
              return;
            }
            byte[] body = Files.readAllBytes(layout.blobPath(d));
            if (path.contains("/manifests/")) {
              ex.getResponseHeaders()
                  .add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
            }
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
          } catch (IOException e) {
            // the client went away
          }
        });
    server.start();
    try {
      String host = "127.0.0.1:" + server.getAddress().getPort();
      RegistryClient client =
          new RegistryClient(
              RegistryOptions.defaults()
                  .withPlainHttp(host)
                  .withRetry(RetryPolicy.none())
                  .withRequestTimeout(Duration.ofSeconds(20)));
      ImageSource source =
          new RegistryImageSource(client, DockerReference.parse(host + "/hostile/os"));
      try {
        importer().importImage(source, m.digest(), target);
      } catch (Exception e) {
        assertNoTemporaryRepo();
        return e;
      }
      throw new AssertionError("the import succeeded");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aRefusedLayerIsNotDownloadedToTheEnd() throws Exception {
    byte[] random = new byte[64 << 20];
    new Random(11).nextBytes(random);
    byte[] layer =
        HostileLayers.gzipTar(
            tar -> {
              HostileLayers.special(tar, "usr/fifo", TarConstants.LF_FIFO);
              HostileLayers.file(tar, "usr/filler", random);
            });
    AtomicLong sent = new AtomicLong();
    Exception e = importFromRegistry(layer, HostileLayerIT::whole, sent);
    assertThat(e).hasMessageContaining("devices, fifos and sockets are not allowed");
    System.out.printf("refused layer: %d of %d bytes sent%n", sent.get(), layer.length);
    assertThat(sent.get()).isLessThan(layer.length / 2);
  }

  @Test
  void aTruncatedLayerSaysSoNotSelfSuppression() throws Exception {
    byte[] layer =
        HostileLayers.gzipTar(tar -> HostileLayers.file(tar, "usr/a", new byte[200_000]));
    Exception e =
        importFromRegistry(
            layer,
            (ex, l, sent) -> {
              ex.sendResponseHeaders(200, l.length);
              ex.getResponseBody().write(l, 0, l.length / 2);
              ex.getResponseBody().flush();
              ex.getHttpContext().getServer().stop(0);
            },
            new AtomicLong());
    assertThat(e)
        .hasMessageContaining("body truncated")
        .satisfies(x -> assertThat(String.valueOf(x)).doesNotContain("Self-suppression"));
  }

  @Test
  void anEndlessLayerStopsAtItsDeclaredSizeNotSelfSuppression() throws Exception {
    byte[] stream = HostileLayers.gzipTar(tar -> HostileLayers.zeros(tar, "usr/big", 16L << 20));
    byte[] declared = java.util.Arrays.copyOf(stream, stream.length / 2);
    Exception e =
        importFromRegistry(
            declared,
            (ex, l, sent) -> {
              ex.sendResponseHeaders(200, 0);
              while (true) {
                ex.getResponseBody().write(stream);
              }
            },
            new AtomicLong());
    assertThat(e)
        .hasMessageContaining("size mismatch, descriptor says " + declared.length + " bytes")
        .satisfies(x -> assertThat(String.valueOf(x)).doesNotContain("Self-suppression"));
  }
}
