package org.openeuler.nestos.daemon.host;

import java.util.Set;

/**
 * Directories watched for files someone writes ({@link HostFs#watch}): inotify's {@code IN_MODIFY}
 * on the real host, which every {@code write(2)} raises, also on cgroupfs and {@code /proc/sys} —
 * how systemd's {@code daemon-reload}, the kubelet's in-place resize and {@code sysctl -w} change a
 * value. Thread-safe.
 */
public interface DirectoryWatch extends AutoCloseable {

  /**
   * Starts watching {@code directory} (a host path); false when it cannot be watched (gone, the
   * host's inotify watch limit reached), so the caller keeps checking it by reading.
   */
  boolean add(String directory);

  /** Stops watching {@code directory} (nothing if it is not watched). */
  void remove(String directory);

  /** The directories watched now. */
  Set<String> directories();

  /** Whether writes are reported at all (false for {@link #NONE}). */
  boolean active();

  @Override
  void close();

  /** Receives what the watch sees, on the watch's own thread. */
  interface Listener {
    /** {@code file} (a host path) was written. */
    void written(String file);

    /** Events were lost (the kernel's queue overflowed): anything may have changed. */
    void overflowed();
  }

  /** Watches nothing: every change is found by reading. */
  DirectoryWatch NONE =
      new DirectoryWatch() {
        @Override
        public boolean add(String directory) {
          return false;
        }

        @Override
        public void remove(String directory) {}

        @Override
        public Set<String> directories() {
          return Set.of();
        }

        @Override
        public boolean active() {
          return false;
        }

        @Override
        public void close() {}
      };
}
