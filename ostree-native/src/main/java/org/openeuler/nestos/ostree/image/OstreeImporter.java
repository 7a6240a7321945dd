package org.openeuler.nestos.ostree.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.openeuler.nestos.ostree.core.image.Descriptor;
import org.openeuler.nestos.ostree.core.image.DigestMismatchException;
import org.openeuler.nestos.ostree.core.image.ImageConfig;
import org.openeuler.nestos.ostree.core.image.ImageIndex;
import org.openeuler.nestos.ostree.core.image.ImageManifest;
import org.openeuler.nestos.ostree.core.image.InvalidImageException;
import org.openeuler.nestos.ostree.core.image.LayerLimits;
import org.openeuler.nestos.ostree.core.image.OciDigest;
import org.openeuler.nestos.ostree.core.image.OstreeLabels;
import org.openeuler.nestos.ostree.core.image.Platform;
import org.openeuler.nestos.ostree.host.Command;
import org.openeuler.nestos.ostree.host.CommandResult;
import org.openeuler.nestos.ostree.host.CommandRunner;

/**
 * Imports an ostree-native container image into an ostree repo: manifest and config verified
 * against their digests, labels checked ({@link OstreeLabels}), every layer streamed (constant
 * memory) through a SHA-256 check and {@link LayerEntryPolicy} into a temporary {@code bare} repo,
 * then {@code ostree pull-local --untrusted} (which re-verifies every object checksum) into the
 * target repo. Nothing reaches the target before every blob has been verified, and a failed or
 * killed pull-local leaves only unreferenced objects there. With a verifying remote, that
 * pull-local also runs with {@code --remote=<name> --gpg-verify}: libostree checks the commit's
 * detached GPG signature (the {@code .commitmeta} object carried in the layer) against the remote's
 * keyring, and refuses an unsigned or wrongly signed commit before it reaches the target repo.
 *
 * <p>Hostile images fail with a clear error and leave nothing behind: an image index is resolved to
 * the entry for this node's platform (as the operator's check does, {@code RegistryClient}), and
 * the image config must name that platform; the {@code org.opencontainers.image.version} label must
 * be the commit's {@code version}; the free space of the work directory must hold twice the
 * declared layer sizes (the temporary repo, then the copy in the target repo) before anything is
 * downloaded, and no layer may expand past that space or {@link LayerLimits#maxExpansion} times its
 * size; names, entries and tar metadata are bounded ({@link LayerTarStream}). Temporary repos of an
 * import that was killed are removed by the next one (one import at a time per work directory).
 */
public final class OstreeImporter {

  /** Free space left untouched by an import. */
  static final long RESERVE_BYTES = 128L << 20;

  private static final int MAX_CONFIG_BYTES = 4 << 20;
  private static final String TMP_PREFIX = ".import-";

  private final CommandRunner runner;
  private final Path workDir;
  private final Platform platform;
  private final LayerLimits limits;
  private final ToLongFunction<Path> usableSpace;

  /**
   * {@code workDir} holds the temporary repos (deleted afterwards); images must be for this JVM's
   * platform ({@link Platform#current()}).
   */
  public OstreeImporter(CommandRunner runner, Path workDir) {
    this(runner, workDir, Platform.current(), LayerLimits.DEFAULT, OstreeImporter::usableSpace);
  }

  /**
   * As {@link #OstreeImporter(CommandRunner, Path)} for {@code platform}, with these limits and
   * this measure of the usable space of a directory's file system.
   */
  public OstreeImporter(
      CommandRunner runner,
      Path workDir,
      Platform platform,
      LayerLimits limits,
      ToLongFunction<Path> usableSpace) {
    this.runner = runner;
    this.workDir = workDir;
    this.platform = platform;
    this.limits = limits;
    this.usableSpace = usableSpace;
  }

  /**
   * Imports the image {@code manifestDigest} from {@code source} into the repo {@code targetRepo},
   * unverified.
   */
  public ImportedImage importImage(ImageSource source, OciDigest manifestDigest, Path targetRepo)
      throws IOException {
    return importImage(source, manifestDigest, targetRepo, null);
  }

  /**
   * As {@link #importImage(ImageSource, OciDigest, Path)}; when {@code gpgVerifyRemote} is set, the
   * commit must carry a valid signature by a key of that remote of {@code targetRepo} (else a
   * {@code CommandFailedException}). {@code manifestDigest} may name an image index: the entry for
   * the platform is imported.
   */
  public ImportedImage importImage(
      ImageSource source, OciDigest manifestDigest, Path targetRepo, String gpgVerifyRemote)
      throws IOException {
    ImageManifest manifest = resolve(source, manifestDigest);
    if (manifest.layers().isEmpty()) {
      throw new InvalidImageException("manifest has no layers");
    }
    if (manifest.config().size() > MAX_CONFIG_BYTES) {
      throw new InvalidImageException(
          "image config of " + manifest.config().size() + " bytes exceeds " + MAX_CONFIG_BYTES);
    }
    ImageConfig config = ImageConfig.parse(readVerified(source, manifest.config()));
    config
        .platformMismatch(platform)
        .ifPresent(
            why -> {
              throw new InvalidImageException("refused for this node: " + why);
            });
    OstreeLabels labels = OstreeLabels.from(config.labels());
    if (config.diffIds().size() != manifest.layers().size()) {
      throw new InvalidImageException(
          "config has "
              + config.diffIds().size()
              + " diff_ids for "
              + manifest.layers().size()
              + " layers");
    }
    Files.createDirectories(workDir);
    removeStaleImports();
    long budget = diskBudget(manifest.layers());
    Path tmp = Files.createTempDirectory(workDir, TMP_PREFIX);
    try {
      run("ostree", "init", "--repo=" + tmp, "--mode=bare");
      for (int i = 0; i < manifest.layers().size(); i++) {
        budget -=
            LayerExtractor.extract(
                source,
                manifest.layers().get(i),
                config.diffIds().get(i),
                tmp.resolve("objects"),
                limits,
                budget);
      }
      String c = labels.commit();
      if (!Files.exists(
          tmp.resolve("objects").resolve(c.substring(0, 2)).resolve(c.substring(2) + ".commit"))) {
        throw new InvalidImageException(
            "the layers hold no commit object for " + OstreeLabels.COMMIT + "=" + c);
      }
      requireVersion(tmp, c, labels.version());
      if (gpgVerifyRemote == null) {
        run("ostree", "pull-local", "--repo=" + targetRepo, "--untrusted", tmp.toString(), c);
      } else {
        run(
            "ostree",
            "pull-local",
            "--repo=" + targetRepo,
            "--untrusted",
            "--remote=" + gpgVerifyRemote,
            "--gpg-verify",
            tmp.toString(),
            c);
      }
      run("ostree", "show", "--repo=" + targetRepo, c);
      return new ImportedImage(c, labels.version(), manifestDigest);
    } finally {
      Trees.deleteRecursively(tmp);
    }
  }

  /**
   * The image manifest {@code digest} names, verified; an index is resolved to its entry for the
   * platform (an entry that is itself an index is refused).
   */
  private ImageManifest resolve(ImageSource source, OciDigest digest) throws IOException {
    byte[] bytes = verifiedManifest(source, digest);
    if (!ImageIndex.isIndex(bytes)) {
      return ImageManifest.parse(bytes, null);
    }
    ImageIndex index = ImageIndex.parse(bytes, null);
    Descriptor chosen =
        index
            .select(platform)
            .orElseThrow(
                () ->
                    new InvalidImageException(
                        "image index "
                            + digest
                            + " has no manifest for platform "
                            + platform
                            + " (offers "
                            + index.platforms()
                            + ")"));
    byte[] entry = verifiedManifest(source, chosen.digest());
    if (ImageIndex.isIndex(entry)) {
      throw new InvalidImageException(
          "index entry " + chosen.digest() + " of " + digest + " is itself an index");
    }
    return ImageManifest.parse(entry, null);
  }

  private static byte[] verifiedManifest(ImageSource source, OciDigest digest) throws IOException {
    byte[] bytes = source.manifest(digest);
    OciDigest actual = OciDigest.of(bytes);
    if (!actual.equals(digest)) {
      throw new DigestMismatchException("manifest", digest, actual);
    }
    return bytes;
  }

  /**
   * Refuses an image the free space cannot hold (twice the declared layer sizes plus the reserve);
   * else the uncompressed bytes the layers may write.
   */
  private long diskBudget(List<Descriptor> layers) {
    long declared = 0;
    for (Descriptor d : layers) {
      declared =
          d.size() > Long.MAX_VALUE / 4 - declared ? Long.MAX_VALUE / 4 : declared + d.size();
    }
    long usable = usableSpace.applyAsLong(workDir);
    if (2 * declared + RESERVE_BYTES > usable) {
      throw new InvalidImageException(
          "not enough free space in "
              + workDir
              + ": the layers declare "
              + declared
              + " bytes, which need at least "
              + (2 * declared + RESERVE_BYTES)
              + " bytes free (the temporary repo, the copy in the repo and "
              + RESERVE_BYTES
              + " bytes kept free), "
              + usable
              + " are");
    }
    return (usable - RESERVE_BYTES) / 2;
  }

  /** The label, when there is one, must be the commit's {@code version} metadata. */
  private void requireVersion(Path repo, String commit, String label) {
    if (label == null) {
      return;
    }
    CommandResult r =
        runner.run(
            Command.of("ostree", "show", "--repo=" + repo, "--print-metadata-key=version", commit));
    String version = r.ok() ? gvariantString(r.stdout().strip()) : null;
    if (!label.equals(version)) {
      throw new InvalidImageException(
          "label "
              + OstreeLabels.VERSION
              + "="
              + label
              + " but commit "
              + commit
              + (version == null ? " has no version" : " is version " + version)
              + ": the image would report a version it does not boot");
    }
  }

  /** A GVariant text-format string ({@code 'x'} or {@code "x"}, backslash escapes) as Java text. */
  static String gvariantString(String text) {
    if (text.length() < 2
        || !(text.startsWith("'") && text.endsWith("'")
            || text.startsWith("\"") && text.endsWith("\""))) {
      return text;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 1; i < text.length() - 1; i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length() - 1) {
        c = text.charAt(++i);
        c =
            switch (c) {
              case 'n' -> '\n';
              case 't' -> '\t';
              case 'r' -> '\r';
              default -> c;
            };
      }
      b.append(c);
    }
    return b.toString();
  }

  /** Temporary repos an import killed mid-way left (a finished import removes its own). */
  private void removeStaleImports() throws IOException {
    try (Stream<Path> entries = Files.list(workDir)) {
      for (Path p :
          entries.filter(p -> p.getFileName().toString().startsWith(TMP_PREFIX)).toList()) {
        Trees.deleteRecursively(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static byte[] readVerified(ImageSource source, Descriptor d) throws IOException {
    try (InputStream in = source.blob(d)) {
      byte[] bytes = in.readNBytes(MAX_CONFIG_BYTES + 1);
      OciDigest actual = OciDigest.of(bytes);
      if (!actual.equals(d.digest())) {
        throw new DigestMismatchException("blob " + d.digest(), d.digest(), actual);
      }
      return bytes;
    }
  }

  private static long usableSpace(Path dir) {
    try {
      return Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the free space of " + dir, e);
    }
  }

  private void run(String... argv) {
    runner.run(Command.of(argv)).orThrow();
  }
}
