package org.openeuler.nestos.daemon.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The node daemon as the container runs it, for {@link DaemonBenchmark}: {@code java <jvm.options>
 * -cp <runtime jars> DaemonMain ...} in its own process, and what {@code /proc} says about it
 * (VmRSS, PSS and private memory from {@code smaps_rollup}, CPU ticks from {@code stat}, threads)
 * plus {@code jcmd} reports.
 */
final class DaemonProcess implements AutoCloseable {

  /** USER_HZ: the unit of utime/stime in /proc/<pid>/stat (100 on every Linux this runs on). */
  static final int CLOCK_TICKS = 100;

  private final Process process;

  private DaemonProcess(Process process) {
    this.process = process;
  }

  /**
   * The daemon's JVM flags: the lines of {@code jvmOptions} (comments and blank lines skipped); a
   * {@code -XX:SharedArchiveFile=} line is pointed at {@code archive} (dropped when null), then
   * {@code extra}.
   */
  static List<String> flags(Path jvmOptions, Path archive, List<String> extra) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(jvmOptions)) {
      String f = line.strip();
      if (f.isEmpty() || f.startsWith("#")) {
        continue;
      }
      if (f.startsWith("-XX:SharedArchiveFile=")) {
        if (archive != null) {
          out.add("-XX:SharedArchiveFile=" + archive);
        }
        continue;
      }
      out.add(f);
    }
    out.addAll(extra);
    return out;
  }

  static DaemonProcess start(
      List<String> flags, String classpath, String node, Path hostRoot, String apiServer, Path log)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(flags);
    cmd.addAll(
        List.of(
            "-cp",
            classpath,
            "org.openeuler.nestos.daemon.DaemonMain",
            "--node=" + node,
            "--host-root=" + hostRoot,
            "--command-mode=none",
            "--os-backend=none",
            "--metrics-port=0"));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    // outside a pod the daemon takes its API server from NESTOS_API_SERVER (KubeEndpoint)
    pb.environment().put("NESTOS_API_SERVER", apiServer);
    // glibc: two malloc arenas instead of 8 per core (the container sets the same)
    pb.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
    return new DaemonProcess(pb.start());
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** {@code /proc/<pid>/status} fields in KiB (VmRSS, VmHWM, RssAnon, RssFile, ...) and Threads. */
  Map<String, Long> status() throws IOException {
    return numbers(Path.of("/proc/" + pid() + "/status"));
  }

  /**
   * {@code /proc/<pid>/smaps_rollup} fields in KiB (Rss, Pss, Private_Clean, Private_Dirty, ...).
   */
  Map<String, Long> smapsRollup() throws IOException {
    return numbers(Path.of("/proc/" + pid() + "/smaps_rollup"));
  }

  /**
   * utime + stime per thread ("name/tid"), in clock ticks; threads that exit meanwhile are missing.
   */
  Map<String, Long> threadTicks() throws IOException {
    Map<String, Long> out = new TreeMap<>();
    try (var tasks = Files.list(Path.of("/proc/" + pid() + "/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String comm = Files.readString(task.resolve("comm")).strip();
          out.put(comm + "/" + task.getFileName(), ticks(Files.readString(task.resolve("stat"))));
        } catch (IOException e) {
          // the thread exited
        }
      }
    }
    return out;
  }

  private static long ticks(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 (utime, stime)
  }

  /** utime + stime of the whole process, in clock ticks. */
  long cpuTicks() throws IOException {
    return ticks(Files.readString(Path.of("/proc/" + pid() + "/stat")));
  }

  /**
   * The {@code n} mappings with the most resident memory (KiB: Rss, Anonymous, Private_Dirty), from
   * smaps.
   */
  String largestMappings(int n) throws IOException {
    record Mapping(String name, long rss, long anon, long dirty) {}
    List<Mapping> all = new ArrayList<>();
    String name = null;
    long rss = 0;
    long anon = 0;
    long dirty = 0;
    for (String l : Files.readAllLines(Path.of("/proc/" + pid() + "/smaps"))) {
      String[] f = l.split("\\s+");
      if (f[0].matches("[0-9a-f]+-[0-9a-f]+")) {
        if (name != null) {
          all.add(new Mapping(name, rss, anon, dirty));
        }
        name = f[0] + " " + f[1] + (f.length > 5 ? " " + f[5] : "");
        rss = 0;
        anon = 0;
        dirty = 0;
      } else if (f[0].equals("Rss:")) {
        rss = Long.parseLong(f[1]);
      } else if (f[0].equals("Anonymous:")) {
        anon = Long.parseLong(f[1]);
      } else if (f[0].equals("Private_Dirty:")) {
        dirty = Long.parseLong(f[1]);
      }
    }
    if (name != null) {
      all.add(new Mapping(name, rss, anon, dirty));
    }
    all.sort((a, b) -> Long.compare(b.rss(), a.rss()));
    StringBuilder out = new StringBuilder("  largest mappings (KiB rss/anon/private-dirty):\n");
    all.stream()
        .limit(n)
        .forEach(
            m ->
                out.append(
                    String.format(
                        "    %7d %7d %7d  %s%n", m.rss(), m.anon(), m.dirty(), m.name())));
    return out.toString();
  }

  String jcmd(String... command) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid())));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
  }

  private static Map<String, Long> numbers(Path file) throws IOException {
    Map<String, Long> out = new TreeMap<>();
    for (String l : Files.readAllLines(file)) {
      int colon = l.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String digits = l.substring(colon + 1).strip().split("\\s+")[0];
      if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit)) {
        out.put(l.substring(0, colon), Long.parseLong(digits));
      }
    }
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
