package org.openeuler.nestos.rubik.core.model;

import java.util.Map;
import java.util.Set;

/**
 * What a node's kernel offers, as gathered by the daemon (this module only reads it).
 *
 * @param version cgroup v1 or v2
 * @param driver the kubelet's cgroup driver
 * @param cgroupRoot cgroup mount root, default {@code /sys/fs/cgroup}
 * @param files cgroup file names present per controller ({@code cpu}, {@code memory}, {@code
 *     blkio}, {@code io}), e.g. {@code cpu -> {cpu.shares, cpu.idle, cpu.cfs_burst_us}}; as seen in
 *     a pod-level cgroup directory
 * @param sysctls current values of the sysctls that matter (e.g. {@code vm.memcg_qos_enable -> 1})
 * @param kernelArguments tokens of {@code /proc/cmdline} (before any {@code --})
 * @param ioCostModelConfigured the root blkio cgroup has a cost model ({@code
 *     blkio.cost.model}/{@code .qos})
 * @param rubikAgentRunning rubik's own agent runs on the node
 */
public record NodeCapabilities(
    CgroupVersion version,
    CgroupDriver driver,
    String cgroupRoot,
    Map<String, Set<String>> files,
    Map<String, String> sysctls,
    Set<String> kernelArguments,
    boolean ioCostModelConfigured,
    boolean rubikAgentRunning) {

  /** Default cgroup mount point. */
  public static final String DEFAULT_ROOT = "/sys/fs/cgroup";

  public NodeCapabilities {
    cgroupRoot = cgroupRoot == null || cgroupRoot.isBlank() ? DEFAULT_ROOT : stripSlash(cgroupRoot);
    files = files == null ? Map.of() : Map.copyOf(files);
    sysctls = sysctls == null ? Map.of() : Map.copyOf(sysctls);
    kernelArguments = kernelArguments == null ? Set.of() : Set.copyOf(kernelArguments);
  }

  /**
   * Whether the cgroup file exists; its controller is the part of the name before the first dot.
   */
  public boolean has(String file) {
    return files.getOrDefault(controllerOf(file), Set.of()).contains(file);
  }

  /** The controller a cgroup file belongs to ({@code cpu.idle -> cpu}). */
  public static String controllerOf(String file) {
    int dot = file.indexOf('.');
    return dot < 0 ? file : file.substring(0, dot);
  }

  /** Whether a kernel argument token (exact, e.g. {@code psi=1}) is on the command line. */
  public boolean hasKarg(String token) {
    return kernelArguments.contains(token);
  }

  private static String stripSlash(String s) {
    return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
