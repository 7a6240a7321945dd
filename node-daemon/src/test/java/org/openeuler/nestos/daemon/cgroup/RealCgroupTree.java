package org.openeuler.nestos.daemon.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A unique test subtree in this machine's real cgroup v1 {@code cpu} hierarchy, shaped like the
 * kubelet's ({@code <root>/kubepods/besteffort/pod<uid>/<ctr>}). mkdir creates cgroups; {@link
 * #close} rmdirs them deepest first (the kernel's control files go with their directory).
 */
public final class RealCgroupTree implements AutoCloseable {

  static final Path CPU = Path.of("/sys/fs/cgroup/cpu");
  static final Path BLKIO = Path.of("/sys/fs/cgroup/blkio");

  public final Path root;
  final List<String> log = new ArrayList<>();

  public RealCgroupTree(String prefix) throws IOException {
    root = CPU.resolve(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
    Files.createDirectory(root);
    note("mkdir " + root);
  }

  public static boolean available() {
    return Files.isWritable(CPU.resolve("cpu.idle"))
        && Files.exists(CPU.resolve("cpu.cfs_burst_us"));
  }

  /** Host path of {@code kubepods/besteffort}. */
  String besteffort() {
    return root.resolve("kubepods/besteffort").toString();
  }

  /** Creates {@code pod<uid>/<ctr>} under besteffort; returns the pod's host path. */
  public String pod(String uid, String ctr) throws IOException {
    Path pod = root.resolve("kubepods/besteffort/pod" + uid);
    Files.createDirectories(pod.resolve(ctr));
    return pod.toString();
  }

  void set(String file, String value) throws IOException {
    Files.writeString(Path.of(file), value);
  }

  public static String get(String file) throws IOException {
    return Files.readString(Path.of(file)).strip();
  }

  void note(String line) {
    log.add(line);
    System.out.println("[cgroup-it] " + line);
  }

  /** Removes every cgroup directory under (and including) the root, children first. */
  @Override
  public void close() throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    List<Path> dirs;
    try (Stream<Path> walk = Files.walk(root)) {
      dirs =
          walk.filter(Files::isDirectory)
              .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
              .toList();
    }
    for (Path d : dirs) {
      Files.delete(d);
    }
    note("rmdir " + dirs.size() + " cgroups under " + root + "; exists now: " + Files.exists(root));
  }
}
