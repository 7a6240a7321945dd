package org.openeuler.nestos.ostree.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.openeuler.nestos.ostree.core.image.Descriptor;
import org.openeuler.nestos.ostree.core.image.DigestMismatchException;
import org.openeuler.nestos.ostree.core.image.DigestingInputStream;
import org.openeuler.nestos.ostree.core.image.ImageConfig;
import org.openeuler.nestos.ostree.core.image.ImageManifest;
import org.openeuler.nestos.ostree.core.image.InvalidImageException;
import org.openeuler.nestos.ostree.core.image.LayerEntry;
import org.openeuler.nestos.ostree.core.image.LayerEntryPolicy;
import org.openeuler.nestos.ostree.core.image.OciDigest;
import org.openeuler.nestos.ostree.core.image.OstreeLabels;
import org.openeuler.nestos.ostree.host.Command;
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
 */
public final class OstreeImporter {

  private final CommandRunner runner;
  private final Path workDir;

  /** {@code workDir} holds the temporary repos (deleted afterwards). */
  public OstreeImporter(CommandRunner runner, Path workDir) {
    this.runner = runner;
    this.workDir = workDir;
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
   * {@code CommandFailedException}).
   */
  public ImportedImage importImage(
      ImageSource source, OciDigest manifestDigest, Path targetRepo, String gpgVerifyRemote)
      throws IOException {
    byte[] manifestBytes = source.manifest(manifestDigest);
    OciDigest actual = OciDigest.of(manifestBytes);
    if (!actual.equals(manifestDigest)) {
      throw new DigestMismatchException("manifest", manifestDigest, actual);
    }
    ImageManifest manifest = ImageManifest.parse(manifestBytes, null);
    if (manifest.layers().isEmpty()) {
      throw new InvalidImageException("manifest has no layers");
    }
    ImageConfig config = ImageConfig.parse(readVerified(source, manifest.config()));
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
    Path tmp = Files.createTempDirectory(workDir, ".import-");
    try {
      run("ostree", "init", "--repo=" + tmp, "--mode=bare");
      for (int i = 0; i < manifest.layers().size(); i++) {
        extractLayer(
            source, manifest.layers().get(i), config.diffIds().get(i), tmp.resolve("objects"));
      }
      String c = labels.commit();
      if (!Files.exists(
          tmp.resolve("objects").resolve(c.substring(0, 2)).resolve(c.substring(2) + ".commit"))) {
        throw new InvalidImageException(
            "the layers hold no commit object for " + OstreeLabels.COMMIT + "=" + c);
      }
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

  private static byte[] readVerified(ImageSource source, Descriptor d) throws IOException {
    try (InputStream in = source.blob(d)) {
      byte[] bytes = in.readNBytes(4 * 1024 * 1024);
      OciDigest actual = OciDigest.of(bytes);
      if (!actual.equals(d.digest())) {
        throw new DigestMismatchException("blob " + d.digest(), d.digest(), actual);
      }
      return bytes;
    }
  }

  private static void extractLayer(
      ImageSource source, Descriptor layer, OciDigest diffId, Path objects) throws IOException {
    LayerEntryPolicy policy = new LayerEntryPolicy();
    try (InputStream raw = source.blob(layer);
        DigestingInputStream compressed =
            new DigestingInputStream(new BufferedInputStream(raw, 65536))) {
      InputStream plain =
          layer.gzipLayer() ? new GzipCompressorInputStream(compressed, true) : compressed;
      DigestingInputStream uncompressed = new DigestingInputStream(plain);
      TarArchiveInputStream tar = new TarArchiveInputStream(uncompressed);
      try {
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
          Optional<String> object = policy.check(toLayerEntry(e));
          if (object.isPresent()) {
            write(tar, e, objects, object.get());
          }
        }
        uncompressed.drainAndVerify(
            "layer " + layer.digest() + " (uncompressed, diff_id)", diffId, -1);
      } catch (IOException | RuntimeException e) {
        blameDigest(compressed, layer, e);
      }
      compressed.drainAndVerify("layer blob " + layer.digest(), layer.digest(), layer.size());
    }
  }

  /**
   * A layer that fails to decompress or holds an unsafe entry may simply be corrupt: when the raw
   * bytes do not match the digest, report that (the real cause) with the symptom suppressed.
   */
  private static void blameDigest(
      DigestingInputStream compressed, Descriptor layer, Exception symptom) throws IOException {
    try {
      compressed.drainAndVerify("layer blob " + layer.digest(), layer.digest(), layer.size());
    } catch (DigestMismatchException mismatch) {
      mismatch.addSuppressed(symptom);
      throw mismatch;
    } catch (IOException | RuntimeException other) {
      symptom.addSuppressed(other);
    }
    if (symptom instanceof IOException io) {
      throw io;
    }
    throw (RuntimeException) symptom;
  }

  private static LayerEntry toLayerEntry(TarArchiveEntry e) {
    LayerEntry.Type type;
    if (e.isLink()) {
      type = LayerEntry.Type.HARDLINK;
    } else if (e.isSymbolicLink()) {
      type = LayerEntry.Type.SYMLINK;
    } else if (e.isDirectory()) {
      type = LayerEntry.Type.DIRECTORY;
    } else if (e.isFile()) {
      type = LayerEntry.Type.FILE;
    } else {
      type = LayerEntry.Type.OTHER;
    }
    return new LayerEntry(
        e.getName(), type, e.isLink() || e.isSymbolicLink() ? e.getLinkName() : null);
  }

  private static void write(TarArchiveInputStream tar, TarArchiveEntry e, Path objects, String rel)
      throws IOException {
    Path target = objects.resolve(rel);
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.createDirectories(target.getParent());
    if (e.isLink()) {
      String linked = LayerEntryPolicy.normalize(e.getLinkName(), e.getName());
      Files.createLink(
          target, objects.resolve(linked.substring(LayerEntryPolicy.OBJECTS.length())));
      return;
    }
    if (e.isSymbolicLink()) {
      Files.createSymbolicLink(target, Path.of(e.getLinkName()));
    } else {
      Files.copy(tar, target);
    }
    Files.setAttribute(target, "unix:uid", (int) e.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(target, "unix:gid", (int) e.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
    if (!e.isSymbolicLink()) {
      Files.setAttribute(target, "unix:mode", e.getMode() & 07777);
    }
  }

  private void run(String... argv) {
    runner.run(Command.of(argv)).orThrow();
  }
}
