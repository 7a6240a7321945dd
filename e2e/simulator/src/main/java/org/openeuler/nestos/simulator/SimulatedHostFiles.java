package org.openeuler.nestos.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openeuler.nestos.daemon.host.HostFs;
import org.openeuler.nestos.daemon.host.RootedHostFs;

/**
 * A simulated node's files under its temp root, as the daemon sees the host: {@code /proc/sys} (one
 * file per key, reset to the kernel defaults at every boot, then {@code /etc/sysctl.d/*.conf}
 * applied as systemd-sysctl does), {@code /proc/cmdline} (the booted deployment's kernel
 * arguments), a cgroup v1 tree as the kubelet's cgroupfs driver lays it out (recreated at every
 * boot: cgroups do not survive a reboot), and {@code /var/lib} (persistent).
 */
public final class SimulatedHostFiles {

  /** Kernel defaults for the sysctls the examples and tests use. */
  public static final Map<String, String> DEFAULT_SYSCTLS =
      Map.of(
          "net.ipv4.ip_forward", "0",
          "net.core.somaxconn", "4096",
          "vm.swappiness", "60",
          "vm.dirty_ratio", "20",
          "fs.inotify.max_user_watches", "8192",
          "kernel.pid_max", "4194304",
          "net.ipv4.tcp_keepalive_time", "7200");

  static final String CGROUP = "/sys/fs/cgroup";

  private final RootedHostFs fs;
  private final Map<String, String> sysctlDefaults;

  SimulatedHostFiles(RootedHostFs fs, Map<String, String> sysctlDefaults) {
    this.fs = fs;
    this.sysctlDefaults = new TreeMap<>(sysctlDefaults);
  }

  public HostFs fs() {
    return fs;
  }

  /** The live value of a sysctl ({@code /proc/sys/...}), trimmed. */
  public String sysctl(String key) {
    return read(procSys(key)).strip();
  }

  /** The content of a host file, or "" when it does not exist. */
  public String read(String path) {
    try {
      return fs.read(path).orElse("");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A boot: fresh kernel state for these kernel arguments, then the persisted sysctls. */
  void boot(List<String> kernelArguments) {
    try {
      for (Map.Entry<String, String> e : sysctlDefaults.entrySet()) {
        write(procSys(e.getKey()), e.getValue() + "\n");
      }
      write("/proc/cmdline", String.join(" ", kernelArguments) + "\n");
      fs.createDirectories("/etc/sysctl.d");
      fs.createDirectories("/var/lib/nestos");
      for (String f : fs.list("/etc/sysctl.d")) {
        if (f.endsWith(".conf")) {
          applySysctlFile(fs.read("/etc/sysctl.d/" + f).orElse(""));
        }
      }
      for (String c : List.of("cpu", "memory", "blkio")) {
        fs.createDirectories(CGROUP + "/" + c + "/kubepods/besteffort");
        fs.createDirectories(CGROUP + "/" + c + "/kubepods/burstable");
      }
      write(CGROUP + "/cpu/kubepods/cpu.shares", "1024\n");
      write(CGROUP + "/cpu/kubepods/cpu.cfs_quota_us", "-1\n");
      write(CGROUP + "/cpu/kubepods/besteffort/cpu.shares", "2\n");
      write(CGROUP + "/memory/kubepods/memory.limit_in_bytes", "9223372036854771712\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void applySysctlFile(String content) throws IOException {
    for (String line : content.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#") || l.startsWith(";") || !l.contains("=")) {
        continue;
      }
      String key = l.substring(0, l.indexOf('=')).strip();
      String value = l.substring(l.indexOf('=') + 1).strip();
      if (fs.exists(procSys(key))) {
        fs.write(procSys(key), value + "\n");
      }
    }
  }

  private void write(String path, String content) throws IOException {
    fs.createDirectories(path.substring(0, path.lastIndexOf('/')));
    fs.writeAtomically(path, content);
  }

  static String procSys(String key) {
    return "/proc/sys/" + key.replace('.', '/');
  }
}
