package org.openeuler.nestos.ostree.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.openeuler.nestos.ostree.core.image.Descriptor;
import org.openeuler.nestos.ostree.core.image.OciDigest;
import org.openeuler.nestos.ostree.core.ref.DockerReference;
import org.openeuler.nestos.ostree.registry.DockerConfig;
import org.openeuler.nestos.ostree.registry.RegistryClient;
import org.openeuler.nestos.ostree.registry.RegistryOptions;

/**
 * Reads an image from a registry through {@link RegistryClient}. Blobs are streamed (the client
 * writes into a 1 MiB pipe on a helper thread, the importer reads), so memory stays constant
 * whatever the layer size.
 */
public final class RegistryImageSource implements ImageSource {

  private final RegistryClient client;
  private final DockerReference repository;

  public RegistryImageSource(RegistryClient client, DockerReference repository) {
    this.client = client;
    this.repository = repository.repositoryOnly();
  }

  /**
   * Sources for the host backend: the image's registry and repository, read through {@code client}.
   */
  public static Function<DockerReference, ImageSource> factory(RegistryClient client) {
    return image -> new RegistryImageSource(client, image);
  }

  /**
   * Sources that read registry credentials from {@code authFile} (a containers-auth.json such as
   * the host's {@code /etc/ostree/auth.json}, where rpm-ostree reads them too) at each pull, so
   * credentials written just before staging are used; no file: anonymous.
   */
  public static Function<DockerReference, ImageSource> factory(
      RegistryOptions options, java.nio.file.Path authFile) {
    return image -> {
      try {
        DockerConfig credentials =
            java.nio.file.Files.exists(authFile)
                ? DockerConfig.load(authFile)
                : DockerConfig.empty();
        return new RegistryImageSource(
            new RegistryClient(options.withCredentials(credentials)), image);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot read the registry auth file " + authFile, e);
      } catch (RuntimeException e) {
        // DockerConfig's parse errors could quote the file: name the file only
        throw new IllegalStateException(
            "the registry auth file " + authFile + " is not a valid containers-auth.json");
      }
    };
  }

  @Override
  public byte[] manifest(OciDigest digest) throws IOException {
    return client.getManifest(repository.withDigest(digest)).body();
  }

  @Override
  public InputStream blob(Descriptor blob) throws IOException {
    PipedInputStream in = new PipedInputStream(1 << 20);
    PipedOutputStream out = new PipedOutputStream(in);
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread writer =
        new Thread(
            () -> {
              try (out) {
                client.fetchBlob(repository, blob, out);
              } catch (Exception e) {
                failure.set(e);
              }
            },
            "blob-" + blob.digest().hex().substring(0, 12));
    writer.setDaemon(true);
    writer.start();
    return new java.io.FilterInputStream(in) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
          rethrow();
        }
        return n;
      }

      @Override
      public int read() throws IOException {
        int n = super.read();
        if (n < 0) {
          rethrow();
        }
        return n;
      }

      @Override
      public void close() throws IOException {
        super.close();
        writer.interrupt();
      }

      private void rethrow() throws IOException {
        try {
          writer.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        Exception e = failure.get();
        if (e instanceof IOException io) {
          throw io;
        }
        if (e instanceof RuntimeException re) {
          throw re;
        }
      }
    };
  }
}
