package org.openeuler.nestos.daemon.host;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * In-memory {@link HostFs} for unit tests. {@code write} needs an existing file (like kernel
 * files); a per-file "kernel" hook can rewrite the stored value (e.g. rounding) or fail the write;
 * every write is recorded in order.
 */
public final class FakeHostFs implements HostFs {

  /**
   * What the kernel does with a written value: returns the value it then prints, or throws (e.g.
   * EINVAL).
   */
  @FunctionalInterface
  public interface Kernel {
    String accept(String current, String written) throws IOException;
  }

  private final TreeMap<String, String> files = new TreeMap<>();
  private final TreeSet<String> dirs = new TreeSet<>();
  private final Map<String, Kernel> kernels = new HashMap<>();
  private final List<String> writes = new ArrayList<>();
  private final Map<String, IOException> atomicFailures = new HashMap<>();

  public FakeHostFs() {
    dirs.add("/");
  }

  /** Creates a file (and its parent directories) with the given content. */
  public FakeHostFs file(String path, String content) {
    files.put(path, content);
    addDirs(parent(path));
    return this;
  }

  /** Installs a kernel hook on one file. */
  public FakeHostFs kernel(String path, Kernel kernel) {
    kernels.put(path, kernel);
    return this;
  }

  /** Makes the next {@code writeAtomically} of {@code path} fail. */
  public FakeHostFs failAtomicWrite(String path, IOException e) {
    atomicFailures.put(path, e);
    return this;
  }

  /** Removes a directory and everything under it (a vanished cgroup). */
  public void removeTree(String dir) {
    files.keySet().removeIf(p -> p.startsWith(dir + "/"));
    dirs.removeIf(d -> d.equals(dir) || d.startsWith(dir + "/"));
  }

  /** {@code path=value} for every write so far, in order. */
  public List<String> writes() {
    return List.copyOf(writes);
  }

  public String content(String path) {
    return files.get(path);
  }

  @Override
  public Optional<String> read(String path) {
    return Optional.ofNullable(files.get(path));
  }

  @Override
  public void write(String path, String content) throws IOException {
    String current = files.get(path);
    if (current == null) {
      throw new NoSuchFileException(path);
    }
    Kernel k = kernels.get(path);
    String stored = k == null ? content : k.accept(current, content);
    writes.add(path + "=" + content);
    files.put(path, stored);
  }

  @Override
  public void replace(String path, String content) throws IOException {
    writeAtomically(path, content);
  }

  @Override
  public void writeAtomically(String path, String content) throws IOException {
    IOException failure = atomicFailures.remove(path);
    if (failure != null) {
      throw failure;
    }
    addDirs(parent(path));
    files.put(path, content);
  }

  @Override
  public boolean exists(String path) {
    return files.containsKey(path) || dirs.contains(path);
  }

  @Override
  public boolean isWritable(String path) {
    return exists(path);
  }

  @Override
  public List<String> list(String directory) {
    String prefix = directory.endsWith("/") ? directory : directory + "/";
    TreeSet<String> names = new TreeSet<>();
    for (String p : files.keySet()) {
      child(prefix, p, names);
    }
    for (String d : dirs) {
      child(prefix, d, names);
    }
    return List.copyOf(names);
  }

  @Override
  public void createDirectories(String directory) {
    addDirs(directory);
  }

  @Override
  public void delete(String path) throws IOException {
    if (files.remove(path) != null) {
      return;
    }
    if (dirs.contains(path)) {
      if (!list(path).isEmpty()) {
        throw new IOException("directory not empty: " + path);
      }
      dirs.remove(path);
    }
  }

  private static void child(String prefix, String p, TreeSet<String> names) {
    if (p.startsWith(prefix) && p.length() > prefix.length()) {
      String rest = p.substring(prefix.length());
      int slash = rest.indexOf('/');
      names.add(slash < 0 ? rest : rest.substring(0, slash));
    }
  }

  private void addDirs(String dir) {
    for (String d = dir; d != null && !d.isEmpty(); d = parent(d)) {
      if (!dirs.add(d)) {
        return;
      }
    }
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  /**
   * A kernel hook that stores the written value without its trailing newline, as kernel files print
   * it.
   */
  public static Kernel plain() {
    return (current, written) -> written.strip();
  }
}
