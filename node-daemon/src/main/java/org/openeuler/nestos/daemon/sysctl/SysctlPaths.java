package org.openeuler.nestos.daemon.sysctl;

import java.util.Objects;
import org.openeuler.nestos.daemon.core.sysctl.Checkpoint;
import org.openeuler.nestos.daemon.core.sysctl.PersistedFile;
import org.openeuler.nestos.daemon.core.sysctl.SysctlKeys;

/**
 * Host paths the sysctl applier uses (absolute, resolved by {@code HostFs}): the kernel's sysctl
 * root, the one project-owned file under {@code /etc/sysctl.d/} and the checkpoint of originals.
 * Tests redirect the last two.
 */
public record SysctlPaths(String procSys, String persistFile, String checkpointFile) {

  public SysctlPaths {
    Objects.requireNonNull(procSys, "procSys");
    Objects.requireNonNull(persistFile, "persistFile");
    Objects.requireNonNull(checkpointFile, "checkpointFile");
  }

  /**
   * {@code /proc/sys}, {@code /etc/sysctl.d/90-nestos-operator.conf}, {@code
   * /var/lib/nestos/sysctl-originals.json}.
   */
  public static SysctlPaths defaults() {
    return new SysctlPaths(
        SysctlKeys.PROC_SYS, PersistedFile.DEFAULT_PATH, Checkpoint.DEFAULT_PATH);
  }

  /**
   * The real {@code /proc/sys} with persistence and checkpoint under {@code stateDir} (real-kernel
   * tests).
   */
  public static SysctlPaths withStateIn(String stateDir) {
    String dir = stateDir.endsWith("/") ? stateDir : stateDir + "/";
    return new SysctlPaths(
        SysctlKeys.PROC_SYS,
        dir + "sysctl.d/90-nestos-operator.conf",
        dir + "nestos/sysctl-originals.json");
  }

  static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }
}
