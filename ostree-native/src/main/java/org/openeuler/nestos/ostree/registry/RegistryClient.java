package org.openeuler.nestos.ostree.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.openeuler.nestos.ostree.core.image.Descriptor;
import org.openeuler.nestos.ostree.core.image.DigestMismatchException;
import org.openeuler.nestos.ostree.core.image.DigestingInputStream;
import org.openeuler.nestos.ostree.core.image.ImageConfig;
import org.openeuler.nestos.ostree.core.image.ImageIndex;
import org.openeuler.nestos.ostree.core.image.ImageManifest;
import org.openeuler.nestos.ostree.core.image.MediaTypes;
import org.openeuler.nestos.ostree.core.image.OciDigest;
import org.openeuler.nestos.ostree.core.image.OciJson;
import org.openeuler.nestos.ostree.core.image.Platform;
import org.openeuler.nestos.ostree.core.ref.DockerReference;
import org.openeuler.nestos.ostree.registry.NotFoundException.What;

/**
 * The Distribution API v2 client: manifests (verified against the digest asked for), image index to
 * the node's platform, blobs streamed with SHA-256 and size checks, config labels, and push. Images
 * are addressed by {@link DockerReference} ({@code domain} is the registry host, {@code path} the
 * repository); the OCI values are those of {@code core.image}. Thread-safe.
 */
public final class RegistryClient {

  /** Largest manifest or config accepted into memory. */
  public static final int MAX_MANIFEST_BYTES = 4 << 20;

  public static final int MAX_CONFIG_BYTES = 8 << 20;

  private final RegistryOptions options;
  private final RegistryTransport transport;

  /**
   * @throws IOException when the CA file cannot be read
   */
  public RegistryClient(RegistryOptions options) throws IOException {
    this.options = options;
    this.transport = new RegistryTransport(options);
  }

  public RegistryOptions options() {
    return options;
  }

  /** HEAD of a manifest: its media type, digest ({@code Docker-Content-Digest}) and size. */
  public Descriptor headManifest(DockerReference ref) throws IOException {
    HttpResponse<InputStream> r =
        send(
            "HEAD",
            manifestUri(ref),
            ref,
            false,
            What.MANIFEST,
            Map.of("Accept", MediaTypes.ACCEPT_MANIFESTS),
            null);
    r.body().close();
    String header =
        r.headers()
            .firstValue("Docker-Content-Digest")
            .orElse(ref.digest() != null ? ref.digest().toString() : null);
    if (!OciDigest.isValid(header)) {
      return getManifest(ref).descriptor();
    }
    OciDigest digest = OciDigest.parse(header);
    if (ref.digest() != null && !ref.digest().equals(digest)) {
      throw new DigestMismatchException(
          "manifest " + ref + " (Docker-Content-Digest)", ref.digest(), digest);
    }
    String type =
        MediaTypes.base(r.headers().firstValue("Content-Type").orElse(MediaTypes.OCI_MANIFEST));
    return new Descriptor(type, digest, r.headers().firstValueAsLong("Content-Length").orElse(0));
  }

  /**
   * GET of a manifest or index. By digest, the body's sha256 must equal it; by tag, it must equal
   * the {@code Docker-Content-Digest} the registry sent (if any). Else {@link
   * DigestMismatchException}.
   */
  public Manifest getManifest(DockerReference ref) throws IOException {
    HttpResponse<InputStream> r =
        send(
            "GET",
            manifestUri(ref),
            ref,
            false,
            What.MANIFEST,
            Map.of("Accept", MediaTypes.ACCEPT_MANIFESTS),
            null);
    byte[] body;
    try (InputStream in = r.body()) {
      body = in.readNBytes(MAX_MANIFEST_BYTES + 1);
    }
    if (body.length > MAX_MANIFEST_BYTES) {
      throw new RegistryException(
          "manifest " + ref + " is larger than " + MAX_MANIFEST_BYTES + " bytes", 0, null);
    }
    OciDigest actual = OciDigest.of(body);
    if (ref.digest() != null && !ref.digest().equals(actual)) {
      throw new DigestMismatchException("manifest " + ref, ref.digest(), actual);
    }
    String claimed = r.headers().firstValue("Docker-Content-Digest").orElse(null);
    if (OciDigest.isValid(claimed) && !OciDigest.parse(claimed).equals(actual)) {
      throw new DigestMismatchException(
          "manifest " + ref + " (Docker-Content-Digest)", OciDigest.parse(claimed), actual);
    }
    String type = OciJson.text(OciJson.read(body, "manifest " + ref), "mediaType");
    if (type == null) {
      type =
          MediaTypes.base(r.headers().firstValue("Content-Type").orElse(MediaTypes.OCI_MANIFEST));
    }
    return new Manifest(type, actual, body);
  }

  /** The image for the configured platform ({@link RegistryOptions#platform()}). */
  public ImageInfo inspect(DockerReference ref) throws IOException {
    return inspect(ref, options.platform());
  }

  /**
   * Resolves {@code ref} to one image manifest (choosing from an index by {@code platform}) and
   * reads its config.
   *
   * @throws NoMatchingPlatformException when an index has no entry for the platform
   */
  public ImageInfo inspect(DockerReference ref, Platform platform) throws IOException {
    Manifest m = getManifest(ref);
    OciDigest indexDigest = null;
    if (m.isIndex()) {
      indexDigest = m.digest();
      ImageIndex index = m.asIndex();
      Descriptor chosen =
          index
              .select(platform)
              .orElseThrow(() -> new NoMatchingPlatformException(platform, index.platforms()));
      m = getManifest(ref.repositoryOnly().withDigest(chosen.digest()));
      if (m.isIndex()) {
        throw new RegistryException(
            "index entry " + chosen.digest() + " of " + ref + " is itself an index", 0, null);
      }
    }
    ImageManifest manifest = m.asImage();
    ImageConfig config = ImageConfig.parse(getBlob(ref, manifest.config(), MAX_CONFIG_BYTES));
    var mismatch = config.platformMismatch(platform);
    if (mismatch.isPresent()) {
      throw new NoMatchingPlatformException(platform, ref + ": " + mismatch.get());
    }
    return new ImageInfo(
        ref.repositoryOnly().withDigest(m.digest()), m.digest(), indexDigest, manifest, config);
  }

  /**
   * A small blob (e.g. a config) in memory, verified; larger than {@code maxBytes} is refused
   * before reading.
   */
  public byte[] getBlob(DockerReference repo, Descriptor blob, int maxBytes) throws IOException {
    if (blob.size() > maxBytes) {
      throw new RegistryException(
          "blob " + blob.digest() + " of " + blob.size() + " bytes exceeds " + maxBytes, 0, null);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) blob.size());
    fetchBlob(repo, blob, out, options.documentDeadline());
    return out.toByteArray();
  }

  /**
   * Streams a blob to {@code out} in constant memory, checking size and sha256. On a mismatch the
   * bytes already written stay written and a {@link DigestMismatchException} / {@link
   * SizeMismatchException} is thrown: use {@link #fetchBlob(DockerReference, Descriptor, Path)} to
   * never expose unverified content.
   */
  public void fetchBlob(DockerReference repo, Descriptor blob, OutputStream out)
      throws IOException {
    fetchBlob(repo, blob, out, options.transferDeadline());
  }

  private void fetchBlob(DockerReference repo, Descriptor blob, OutputStream out, Duration deadline)
      throws IOException {
    HttpResponse<InputStream> r =
        send(
            "GET",
            transport.uri(repo, "/blobs/" + blob.digest()),
            repo,
            false,
            What.BLOB,
            Map.of(),
            null,
            deadline);
    try (InputStream in = r.body()) {
      long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (length >= 0 && length != blob.size()) {
        throw new SizeMismatchException("blob " + blob.digest(), blob.size(), length);
      }
      VerifiedCopy.copy(in, out, blob, "blob " + blob.digest() + " of " + repo.repositoryOnly());
    }
  }

  /**
   * Streams a blob to {@code target} through a temporary file beside it, moved into place only once
   * verified; on any failure no file (partial or temporary) is left behind and an existing {@code
   * target} is untouched. A connection lost mid-body starts the download again (bounded by the
   * retry policy); verification failures and registry errors are not retried here.
   */
  public void fetchBlob(DockerReference repo, Descriptor blob, Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    for (int attempt = 1; ; attempt++) {
      Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
      try {
        try (OutputStream out = Files.newOutputStream(temp)) {
          fetchBlob(repo, blob, out);
        }
        Files.move(
            temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return;
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(temp);
        if (!retryableMidStream(e) || attempt >= options.retry().maxAttempts()) {
          throw e;
        }
        pause(options.retry().delayAfter(attempt, null));
      }
    }
  }

  private static boolean retryableMidStream(Exception e) {
    return e instanceof IOException
        && !(e instanceof RegistryException)
        && !(e instanceof SSLException)
        && !(e instanceof InterruptedIOException)
        && !(e instanceof TransferTimeoutException);
  }

  private static void pause(Duration delay) throws InterruptedIOException {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry a blob download");
    }
  }

  /** Whether the repository has this blob (HEAD; 404 is false). */
  public boolean blobExists(DockerReference repo, OciDigest digest) throws IOException {
    try {
      send("HEAD", transport.uri(repo, "/blobs/" + digest), repo, true, What.BLOB, Map.of(), null)
          .body()
          .close();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /** Pushes bytes as a blob (skipped when the registry has it); its descriptor. */
  public Descriptor pushBlob(DockerReference repo, byte[] data, String mediaType)
      throws IOException {
    Descriptor d = new Descriptor(mediaType, OciDigest.of(data), data.length);
    upload(repo, d, BodyPublishers.ofByteArray(data));
    return d;
  }

  /**
   * Pushes a file as a blob, hashing it first in constant memory (skipped when the registry has
   * it).
   */
  public Descriptor pushBlob(DockerReference repo, Path file, String mediaType) throws IOException {
    Descriptor d;
    try (DigestingInputStream in = new DigestingInputStream(Files.newInputStream(file))) {
      in.transferTo(OutputStream.nullOutputStream());
      d = new Descriptor(mediaType, in.digest(), in.count());
    }
    upload(repo, d, BodyPublishers.ofFile(file));
    return d;
  }

  private void upload(DockerReference repo, Descriptor d, BodyPublisher body) throws IOException {
    if (blobExists(repo, d.digest())) {
      return;
    }
    URI start = transport.uri(repo, "/blobs/uploads/");
    HttpResponse<InputStream> session =
        send("POST", start, repo, true, What.UPLOAD, Map.of(), null);
    session.body().close();
    String location =
        session
            .headers()
            .firstValue("Location")
            .orElseThrow(
                () -> new RegistryException("POST " + start + " gave no upload Location", 0, null));
    URI put = start.resolve(location);
    String sep = put.getRawQuery() == null ? "?" : "&";
    put = URI.create(put + sep + "digest=" + d.digest().toString().replace(":", "%3A"));
    send(
            "PUT",
            put,
            repo,
            true,
            What.UPLOAD,
            Map.of("Content-Type", "application/octet-stream"),
            body)
        .body()
        .close();
  }

  /** Pushes an image manifest by {@code ref}'s tag (or by digest without a tag); its digest. */
  public OciDigest pushManifest(DockerReference ref, ImageManifest manifest) throws IOException {
    return pushManifest(ref, manifest.mediaType(), manifest.toJson());
  }

  /** Pushes an image index by {@code ref}'s tag (or by digest without a tag); its digest. */
  public OciDigest pushManifest(DockerReference ref, ImageIndex index) throws IOException {
    return pushManifest(ref, index.mediaType(), index.toJson());
  }

  /**
   * PUTs manifest bytes with their content type, by tag when {@code ref} has one, else by their
   * digest. If {@code ref} has a digest it must be the body's. Returns the digest of these exact
   * bytes (checked against the registry's answer).
   */
  public OciDigest pushManifest(DockerReference ref, String mediaType, byte[] body)
      throws IOException {
    OciDigest digest = OciDigest.of(body);
    if (ref.digest() != null && !ref.digest().equals(digest)) {
      throw new DigestMismatchException("manifest to push to " + ref, ref.digest(), digest);
    }
    String reference = ref.tag() != null ? ref.tag() : digest.toString();
    URI uri = transport.uri(ref, "/manifests/" + reference);
    HttpResponse<InputStream> r =
        send(
            "PUT",
            uri,
            ref,
            true,
            What.MANIFEST,
            Map.of("Content-Type", mediaType),
            BodyPublishers.ofByteArray(body));
    r.body().close();
    String answered = r.headers().firstValue("Docker-Content-Digest").orElse(digest.toString());
    if (!answered.equals(digest.toString())) {
      throw new DigestMismatchException(
          "manifest pushed to " + ref + " (Docker-Content-Digest " + answered + ")",
          digest,
          OciDigest.isValid(answered) ? OciDigest.parse(answered) : null);
    }
    return digest;
  }

  /** {@code /manifests/<digest>}, else {@code /manifests/<tag>}. */
  private URI manifestUri(DockerReference ref) {
    if (ref.digest() == null && ref.tag() == null) {
      throw new IllegalArgumentException(ref + " has neither tag nor digest");
    }
    return transport.uri(ref, "/manifests/" + (ref.digest() != null ? ref.digest() : ref.tag()));
  }

  private HttpResponse<InputStream> send(
      String method,
      URI uri,
      DockerReference ref,
      boolean push,
      What notFound,
      Map<String, String> headers,
      BodyPublisher body)
      throws IOException {
    return send(method, uri, ref, push, notFound, headers, body, options.documentDeadline());
  }

  private HttpResponse<InputStream> send(
      String method,
      URI uri,
      DockerReference ref,
      boolean push,
      What notFound,
      Map<String, String> headers,
      BodyPublisher body,
      Duration deadline)
      throws IOException {
    String scope = "repository:" + ref.path() + (push ? ":pull,push" : ":pull");
    return transport.send(
        new RegistryTransport.Call(
            method, uri, ref.domain(), scope, notFound, headers, body, deadline));
  }
}
