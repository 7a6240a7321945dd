package org.openeuler.nestos.daemon.cgroup;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.openeuler.nestos.daemon.host.HostFs;

/**
 * A temp-dir cgroupfs: delegates to a {@link HostFs} over a temp dir and makes writes behave like
 * the kernel's handlers for files this machine lacks. Sources (formats and errors):
 *
 * <ul>
 *   <li>{@code cpu.qos_level}: openEuler kernel {@code kernel/sched/core.c cpu_qos_write}: -1 or 0,
 *       and a task group may not go from -1 back to 0 ("can only go down") -> {@code -EINVAL};
 *       prints the integer.
 *   <li>{@code memory.qos_level}: openEuler {@code mm/memcontrol.c memcg_qos_write}: -1 or 0;
 *       prints the integer.
 *   <li>{@code cpu.weight}: {@code Documentation/admin-guide/cgroup-v2.rst}, range [1, 10000] else
 *       {@code -ERANGE}; stored as shares round(w*1024/100), printed as round(shares*100/1024).
 *   <li>{@code cpu.max.burst}: cgroup-v2.rst, µs, must not exceed the quota in {@code cpu.max} ->
 *       {@code -EINVAL}.
 *   <li>{@code io.weight}: cgroup-v2.rst, "default N" or "N" (or "MAJ:MIN N"), N in [1, 10000];
 *       prints {@code default N} first, then per-device lines.
 *   <li>{@code memory.high}: cgroup-v2.rst, bytes or "max", rounded down to whole pages; prints
 *       bytes or "max".
 * </ul>
 */
final class KernelRulesHostFs implements HostFs {

  private final HostFs dir;

  KernelRulesHostFs(HostFs dir) {
    this.dir = dir;
  }

  @Override
  public void write(String path, String content) throws IOException {
    String name = path.substring(path.lastIndexOf('/') + 1);
    String v = content.strip();
    Optional<String> current = dir.read(path);
    if (current.isEmpty()) {
      dir.write(path, v); // NoSuchFileException, as the kernel's ENOENT
      return;
    }
    String cur = current.get().strip();
    String stored =
        switch (name) {
          case "cpu.qos_level" -> {
            int q = integer(v, -1, 0);
            if (q > Integer.parseInt(cur)) {
              throw new IOException("Invalid argument");
            }
            yield Integer.toString(q);
          }
          case "memory.qos_level" -> Integer.toString(integer(v, -1, 0));
          case "cpu.weight" -> {
            long shares = Math.round(integer(v, 1, 10000) * 1024 / 100.0);
            yield Long.toString(Math.round(shares * 100 / 1024.0));
          }
          case "cpu.max.burst" -> {
            long burst = integer(v, 0, Integer.MAX_VALUE);
            String quota =
                dir.read(path.replace("cpu.max.burst", "cpu.max"))
                    .orElse("max")
                    .strip()
                    .split(" ")[0];
            if (!quota.equals("max") && burst > Long.parseLong(quota)) {
              throw new IOException("Invalid argument");
            }
            yield Long.toString(burst);
          }
          case "io.weight" ->
              "default " + integer(v.startsWith("default ") ? v.substring(8) : v, 1, 10000);
          case "memory.high" ->
              v.equals("max") ? "max" : Long.toString(Long.parseLong(v) / 4096 * 4096);
          default -> v;
        };
    dir.write(path, stored + "\n");
  }

  private static int integer(String v, int min, int max) throws IOException {
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new IOException(
            n < min || n > max ? "Numerical result out of range" : "Invalid argument");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IOException("Invalid argument");
    }
  }

  @Override
  public Optional<String> read(String path) throws IOException {
    return dir.read(path);
  }

  @Override
  public void writeAtomically(String path, String content) throws IOException {
    dir.writeAtomically(path, content);
  }

  @Override
  public void replace(String path, String content) throws IOException {
    dir.replace(path, content);
  }

  @Override
  public boolean exists(String path) {
    return dir.exists(path);
  }

  @Override
  public boolean isWritable(String path) {
    return dir.isWritable(path);
  }

  @Override
  public List<String> list(String directory) throws IOException {
    return dir.list(directory);
  }

  @Override
  public void createDirectories(String directory) throws IOException {
    dir.createDirectories(directory);
  }

  @Override
  public void delete(String path) throws IOException {
    dir.delete(path);
  }
}
