package org.openeuler.nestos.ostree.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.openeuler.nestos.ostree.core.image.Descriptor;
import org.openeuler.nestos.ostree.core.image.ImageConfig;
import org.openeuler.nestos.ostree.core.image.ImageManifest;
import org.openeuler.nestos.ostree.core.image.LayerEntryPolicy;
import org.openeuler.nestos.ostree.core.image.MediaTypes;
import org.openeuler.nestos.ostree.core.image.OciDigest;
import org.openeuler.nestos.ostree.core.image.OstreeLabels;
import org.openeuler.nestos.ostree.core.image.Platform;
import org.openeuler.nestos.ostree.host.Command;
import org.openeuler.nestos.ostree.host.CommandRunner;

/**
 * Commits a tree with {@code ostree commit} and encapsulates the commit as an ostree-native
 * container image, following ostree-rs-ext's "container encapsulation" (containers/bootc {@code
 * ostree-ext/src/container/ encapsulate.rs} {@code build_oci}; tar layout from {@code
 * ostree-ext/src/tar/export.rs} {@code write_initial_directories}): one gzip layer holding the
 * commit's objects under {@code sysroot/ostree/repo/objects/}, labels and annotations {@code
 * ostree.commit}, {@code ostree.bootable}, {@code containers.bootc}, {@code
 * org.opencontainers.image.version}, {@code ostree.final-diffid}; {@code created} is the commit
 * timestamp. Differences: objects are in {@code bare} layout (regular files and symlinks with their
 * uid/gid/mode) rather than {@code bare-split-xattrs} (ostree 2022.7 cannot write those; commits
 * are made {@code --no-xattrs}), and no checkout is included (it would only duplicate the objects).
 *
 * <p>Reproducible: entries sorted, mtime 0, empty user/group names, gzip header without name and
 * mtime, the canonical JSON of {@link ImageConfig} and {@link ImageManifest}; the commit itself is
 * made with a fixed {@code --timestamp}.
 */
public final class Encapsulator {

  private final CommandRunner runner;

  public Encapsulator(CommandRunner runner) {
    this.runner = runner;
  }

  /**
   * {@code ostree commit} of {@code tree} into the bare repo {@code repo} (created if missing);
   * returns the checksum.
   */
  public String commit(Path repo, Path tree, String version, Instant timestamp) throws IOException {
    if (!Files.exists(repo.resolve("config"))) {
      Files.createDirectories(repo);
      run("ostree", "init", "--repo=" + repo, "--mode=bare");
    }
    return run(
            "ostree",
            "commit",
            "--repo=" + repo,
            "--tree=dir=" + tree,
            "--orphan",
            "--no-xattrs",
            "--bootable",
            "--timestamp=" + timestamp,
            "--add-metadata-string=version=" + version,
            "--subject=NestOS " + version)
        .strip();
  }

  /**
   * Writes the image of {@code checksum} (from {@code repo}) into the OCI layout {@code out},
   * tagged {@code tag}.
   */
  public EncapsulatedImage encapsulate(Path repo, String checksum, OciLayout out, String tag)
      throws IOException {
    out.init();
    Path only = Files.createTempDirectory(out.dir().getParent(), ".encap-repo-");
    try {
      run("ostree", "init", "--repo=" + only, "--mode=bare");
      run("ostree", "pull-local", "--repo=" + only, repo.toString(), checksum);
      Descriptor layer;
      OciDigest diffId;
      try (OciLayout.BlobWriter blob = out.newBlob(MediaTypes.OCI_LAYER_GZIP)) {
        MessageDigest uncompressed = OciDigest.sha256();
        GzipParameters gz = new GzipParameters();
        gz.setModificationTime(0);
        gz.setOperatingSystem(255);
        try (OutputStream gzip = new GzipCompressorOutputStream(blob.out(), gz);
            TarArchiveOutputStream tar =
                new TarArchiveOutputStream(new DigestOutputStream(gzip, uncompressed))) {
          tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
          tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
          writeObjects(only.resolve("objects"), checksum, tar);
          tar.finish();
        }
        diffId = OciDigest.fromRaw(uncompressed.digest());
        layer = blob.commit();
      }
      String version = metadata(repo, checksum, "version");
      Map<String, String> labels = new TreeMap<>();
      labels.put(OstreeLabels.COMMIT, checksum);
      labels.put(OstreeLabels.BOOTABLE, "true");
      labels.put(OstreeLabels.BOOTC, "1");
      labels.put(OstreeLabels.FINAL_DIFFID, diffId.toString());
      if (version != null) {
        labels.put(OstreeLabels.VERSION, version);
      }
      Descriptor config =
          out.writeBlob(
              new ImageConfig(labels, "linux", arch(), List.of(diffId))
                  .toJson(
                      commitDate(repo, checksum), "nestos encapsulate ostree commit " + checksum),
              MediaTypes.OCI_CONFIG);
      Descriptor manifest =
          out.writeBlob(
              ImageManifest.oci(
                      config,
                      List.of(layer.withAnnotations(Map.of("ostree.encapsulated", "true"))),
                      labels)
                  .toJson(),
              MediaTypes.OCI_MANIFEST);
      out.writeIndex(manifest, tag);
      return new EncapsulatedImage(manifest.digest(), checksum, version, layer, diffId);
    } finally {
      Trees.deleteRecursively(only);
    }
  }

  private static void writeObjects(Path objects, String checksum, TarArchiveOutputStream tar)
      throws IOException {
    List<String> dirs =
        new ArrayList<>(
            List.of(
                "sysroot", "sysroot/ostree", "sysroot/ostree/repo", "sysroot/ostree/repo/objects"));
    for (int i = 0; i < 256; i++) {
      dirs.add(LayerEntryPolicy.OBJECTS + String.format("%02x", i));
    }
    for (String d : dirs) {
      TarArchiveEntry e = entry(d + "/", TarConstants.LF_DIR, 040755, 0, 0);
      tar.putArchiveEntry(e);
      tar.closeArchiveEntry();
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(objects)) {
      files =
          walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
              .sorted(
                  Comparator.comparing((Path p) -> rank(p, checksum)).thenComparing(Path::toString))
              .toList();
    }
    for (Path p : files) {
      String name = LayerEntryPolicy.OBJECTS + objects.relativize(p);
      Map<String, Object> a =
          Files.readAttributes(p, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) a.get("mode");
      int uid = (Integer) a.get("uid");
      int gid = (Integer) a.get("gid");
      if (Files.isSymbolicLink(p)) {
        TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK, 0120777, uid, gid);
        e.setLinkName(Files.readSymbolicLink(p).toString());
        tar.putArchiveEntry(e);
      } else {
        TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, 0100000 | (mode & 07777), uid, gid);
        e.setSize(Files.size(p));
        tar.putArchiveEntry(e);
        try (InputStream in = Files.newInputStream(p)) {
          in.transferTo(tar);
        }
      }
      tar.closeArchiveEntry();
    }
  }

  /** The commit object first (as ostree-rs-ext does), then metadata objects, then content. */
  private static int rank(Path p, String checksum) {
    String n = p.getFileName().toString();
    if (n.endsWith(".commit") || n.endsWith(".commitmeta")) {
      return n.startsWith(checksum.substring(2)) ? 0 : 1;
    }
    return n.endsWith(".file") ? 3 : 2;
  }

  private static TarArchiveEntry entry(String name, byte type, int mode, int uid, int gid) {
    TarArchiveEntry e = new TarArchiveEntry(name, type);
    e.setMode(mode);
    e.setUserId(uid);
    e.setGroupId(gid);
    e.setUserName("");
    e.setGroupName("");
    e.setModTime(0);
    return e;
  }

  private String metadata(Path repo, String checksum, String key) {
    var r =
        runner.run(
            Command.of(
                "ostree", "show", "--repo=" + repo, "--print-metadata-key=" + key, checksum));
    if (!r.ok()) {
      return null;
    }
    String v = r.stdout().strip();
    return v.length() >= 2 && v.startsWith("'") && v.endsWith("'")
        ? v.substring(1, v.length() - 1)
        : v;
  }

  /** The commit's timestamp in RFC 3339, from {@code ostree show}'s {@code Date:} line. */
  private String commitDate(Path repo, String checksum) {
    for (String line : run("ostree", "show", "--repo=" + repo, checksum).split("\n")) {
      if (line.startsWith("Date:")) {
        String[] p = line.substring(5).trim().split(" ");
        return p[0] + "T" + p[1] + "Z";
      }
    }
    throw new IllegalStateException("`ostree show " + checksum + "` printed no Date");
  }

  private static String arch() {
    return Platform.current().architecture();
  }

  private String run(String... argv) {
    return runner.run(Command.of(argv)).orThrow().stdout();
  }
}
