package org.openeuler.nestos.daemon.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * {@link HostFs} over the real file system, with every absolute host path resolved under {@code
 * root} ({@code /host} in the DaemonSet, a temp dir in tests, {@code /} in real-kernel ITs).
 *
 * <p>Paths must be absolute and may not contain {@code ..}, {@code .} or empty segments, nor NUL: a
 * path can never leave the root lexically. (Symlinks inside the host tree are followed as the
 * kernel resolves them; the daemon only addresses {@code /proc/sys}, {@code /sys/fs/cgroup} and its
 * own files.)
 */
public final class RootedHostFs implements HostFs {

  private static final int READ_CHUNK = 64 * 1024;

  private final Path root;

  /** Targets whose leftover temp files this instance already removed (once per process). */
  private final java.util.Set<Path> swept = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public RootedHostFs(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The production instance: the host's root file system mounted at {@code /host}. */
  public static RootedHostFs production() {
    return new RootedHostFs(Path.of("/host"));
  }

  public Path root() {
    return root;
  }

  /**
   * The real path of a host path; throws {@link IllegalArgumentException} for relative or escaping
   * paths.
   */
  public Path resolve(String hostPath) {
    if (hostPath == null || !hostPath.startsWith("/") || hostPath.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not an absolute host path: " + hostPath);
    }
    if (hostPath.equals("/")) {
      return root;
    }
    String rel = hostPath.substring(1);
    if (rel.endsWith("/")) {
      rel = rel.substring(0, rel.length() - 1);
    }
    for (String segment : rel.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "host path must not contain '" + segment + "' segments: " + hostPath);
      }
    }
    Path resolved = root.resolve(rel).normalize();
    if (!resolved.startsWith(root)) {
      throw new IllegalArgumentException("host path escapes the host root: " + hostPath);
    }
    return resolved;
  }

  /**
   * Reads with a large first read(2): procfs integer sysctls answer only a read at offset 0 (a read
   * at offset 1 is EOF), and {@code Files.readString} starts with a one-byte read for files
   * reporting size 0, which turned {@code 32768\t60999} into {@code 3}.
   */
  @Override
  public Optional<String> read(String path) throws IOException {
    try (FileChannel ch = FileChannel.open(resolve(path), StandardOpenOption.READ)) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(READ_CHUNK);
      while (ch.read(buf) >= 0) {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
      }
      return Optional.of(out.toString(StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public void write(String path, String content) throws IOException {
    // One write(2) of the whole value, as echo does: kernel files take a value per write and report
    // EINVAL there.
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch =
        FileChannel.open(
            resolve(path), StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
  }

  @Override
  public void appendDurably(String path, String content) throws IOException {
    Path target = resolve(path);
    boolean created = !Files.exists(target);
    try (FileChannel ch =
        FileChannel.open(
            target,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
      ByteBuffer buf = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(false);
    }
    if (created) {
      try (FileChannel dirCh = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
        dirCh.force(true);
      }
    }
  }

  @Override
  public void writeAtomically(String path, String content) throws IOException {
    replace(path, content, true, false);
  }

  @Override
  public void writeAtomicallyPrivate(String path, String content) throws IOException {
    replace(path, content, true, true);
  }

  @Override
  public void replace(String path, String content) throws IOException {
    replace(path, content, false, false);
  }

  private void replace(String path, String content, boolean durable, boolean owner)
      throws IOException {
    Path target = resolve(path);
    Path dir = target.getParent();
    Files.createDirectories(dir);
    String prefix = "." + target.getFileName() + ".tmp-";
    if (swept.add(target)) {
      removeLeftovers(dir, prefix);
    }
    Path tmp = dir.resolve(prefix + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      java.nio.file.attribute.FileAttribute<?>[] mode =
          owner
              ? new java.nio.file.attribute.FileAttribute<?>[] {
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))
              }
              : new java.nio.file.attribute.FileAttribute<?>[0];
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              mode)) {
        ByteBuffer buf = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        if (durable) {
          ch.force(true);
        }
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("atomic rename not supported for " + target, e);
      }
      if (durable) {
        try (FileChannel dirCh = FileChannel.open(dir, StandardOpenOption.READ)) {
          dirCh.force(true);
        }
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Removes the temp files of this target that a killed process left between creating and renaming
   * them (each file has one writer, and a live write of this process removes its own temp file).
   */
  private static void removeLeftovers(Path dir, String prefix) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path p : entries.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public void deleteDurably(String path) throws IOException {
    Path target = resolve(path);
    if (Files.deleteIfExists(target)) {
      try (FileChannel dirCh = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
        dirCh.force(true);
      }
    }
  }

  @Override
  public boolean exists(String path) {
    return Files.exists(resolve(path));
  }

  @Override
  public boolean isWritable(String path) {
    return Files.isWritable(resolve(path));
  }

  @Override
  public List<String> list(String directory) throws IOException {
    try (Stream<Path> entries = Files.list(resolve(directory))) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    }
  }

  @Override
  public void createDirectories(String directory) throws IOException {
    Files.createDirectories(resolve(directory));
  }

  @Override
  public void delete(String path) throws IOException {
    Files.deleteIfExists(resolve(path));
  }

  @Override
  public String toString() {
    return "RootedHostFs[" + root + "]";
  }

  /** inotify on the real files under the root. */
  @Override
  public DirectoryWatch watch(DirectoryWatch.Listener listener) throws IOException {
    return new InotifyWatch(this::resolve, listener);
  }
}
