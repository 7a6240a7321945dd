package org.openeuler.nestos.daemon.host;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The node daemon's only way to the host's files. Paths are absolute host paths ({@code
 * /proc/sys/vm/swappiness}, {@code /sys/fs/cgroup/...}, {@code /etc/sysctl.d/...}); the
 * implementation resolves them under the host root ({@code /host} in the DaemonSet, a temp dir in
 * tests, {@code /} in real-kernel ITs). Fakes live in test code.
 */
public interface HostFs {

  /** The file's content, or empty when it does not exist. */
  Optional<String> read(String path) throws IOException;

  /** Writes in place (kernel files: {@code /proc/sys}, cgroup files), no temp file. */
  void write(String path, String content) throws IOException;

  /**
   * Crash-safe replace for files the daemon owns: temp file, fsync, rename, fsync of the directory.
   */
  void writeAtomically(String path, String content) throws IOException;

  /**
   * {@link #writeAtomically} for a file with secrets: the temp file is created with mode 0600
   * (never readable by others, not even before the rename), and the replaced file keeps no other
   * mode. In-memory fakes have no modes and write it like any file.
   */
  default void writeAtomicallyPrivate(String path, String content) throws IOException {
    writeAtomically(path, content);
  }

  /**
   * Appends to a file the daemon owns (creating it) and fsyncs it before returning: what returned
   * is on disk; a power loss during the call may leave a torn last line, which readers must
   * tolerate. In-memory fakes may rewrite the whole file.
   */
  default void appendDurably(String path, String content) throws IOException {
    writeAtomically(path, read(path).orElse("") + content);
  }

  /**
   * Atomic replace (temp file + rename) without fsync: survives the daemon being killed, not the
   * node losing power. For state that is meaningless after a reboot anyway, such as the originals
   * of cgroup files (cgroups do not survive a reboot), where two fsyncs per pod would dominate the
   * apply latency.
   */
  void replace(String path, String content) throws IOException;

  boolean exists(String path);

  boolean isWritable(String path);

  /** Names of a directory's entries (empty when it does not exist). */
  List<String> list(String directory) throws IOException;

  void createDirectories(String directory) throws IOException;

  /**
   * Deletes a file or an empty directory if it exists (cgroup directories are removed with rmdir).
   */
  void delete(String path) throws IOException;

  /**
   * Deletes a file the daemon owns if it exists, durably: the removal survives power loss (fsync of
   * the directory), as {@link #writeAtomically} does for writes. Fakes may delete plainly.
   */
  default void deleteDurably(String path) throws IOException {
    delete(path);
  }

  /**
   * Watches directories for files someone writes ({@link DirectoryWatch}); {@code listener} is
   * called on the watch's own thread. The default watches nothing (every change is found by
   * reading).
   */
  default DirectoryWatch watch(DirectoryWatch.Listener listener) throws IOException {
    return DirectoryWatch.NONE;
  }
}
