package org.openeuler.nestos.daemon.rubik;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openeuler.nestos.daemon.host.HostFs;
import org.openeuler.nestos.ostree.core.kargs.KernelArgs;
import org.openeuler.nestos.rubik.core.model.CgroupDriver;
import org.openeuler.nestos.rubik.core.model.CgroupVersion;
import org.openeuler.nestos.rubik.core.model.NodeCapabilities;

/**
 * Gathers what the QoS planner needs to know about this node, by local reads only: cgroup version
 * (a {@code cgroup.controllers} file at the mount root means v2), the kubelet's cgroup driver (its
 * config, else a {@code kubepods.slice} directory), which cgroup files exist at pod level per
 * controller, the sysctls and kernel arguments features depend on, whether an IO cost model is
 * configured and whether rubik's own agent runs.
 */
public final class CapabilityProbe {

  static final String ROOT = NodeCapabilities.DEFAULT_ROOT;
  private static final List<String> V1_CONTROLLERS = List.of("cpu", "memory", "blkio");
  private static final List<String> SYSCTLS = List.of("vm.memcg_qos_enable");

  private final HostFs fs;

  public CapabilityProbe(HostFs fs) {
    this.fs = fs;
  }

  public NodeCapabilities probe() throws IOException {
    boolean v2 = fs.exists(ROOT + "/cgroup.controllers");
    CgroupDriver driver = driver(v2);
    Map<String, Set<String>> files = v2 ? filesV2() : filesV1();
    Map<String, String> sysctls = new HashMap<>();
    for (String key : SYSCTLS) {
      fs.read("/proc/sys/" + key.replace('.', '/')).ifPresent(v -> sysctls.put(key, v.strip()));
    }
    Set<String> kargs =
        new LinkedHashSet<>(KernelArgs.parseProcCmdline(fs.read("/proc/cmdline").orElse("")));
    String costModel = v2 ? ROOT + "/io.cost.model" : ROOT + "/blkio/blkio.cost.model";
    boolean ioCost = fs.read(costModel).map(s -> !s.isBlank()).orElse(false);
    return new NodeCapabilities(
        v2 ? CgroupVersion.V2 : CgroupVersion.V1,
        driver,
        ROOT,
        files,
        sysctls,
        kargs,
        ioCost,
        rubikRunning());
  }

  private CgroupDriver driver(boolean v2) throws IOException {
    String kubelet = fs.read("/var/lib/kubelet/config.yaml").orElse("");
    if (kubelet.lines().anyMatch(l -> l.strip().equals("cgroupDriver: systemd"))) {
      return CgroupDriver.SYSTEMD;
    }
    if (kubelet.lines().anyMatch(l -> l.strip().equals("cgroupDriver: cgroupfs"))) {
      return CgroupDriver.CGROUPFS;
    }
    String slice = v2 ? ROOT + "/kubepods.slice" : ROOT + "/cpu/kubepods.slice";
    return fs.exists(slice) ? CgroupDriver.SYSTEMD : CgroupDriver.CGROUPFS;
  }

  private Map<String, Set<String>> filesV1() throws IOException {
    Map<String, Set<String>> files = new HashMap<>();
    for (String controller : V1_CONTROLLERS) {
      String dir = ROOT + "/" + controller;
      String podLevel =
          fs.exists(dir + "/kubepods")
              ? dir + "/kubepods"
              : fs.exists(dir + "/kubepods.slice") ? dir + "/kubepods.slice" : dir;
      Set<String> names = new HashSet<>();
      for (String name : fs.list(podLevel)) {
        if (name.startsWith(controller + ".")) {
          names.add(name);
        }
      }
      files.put(controller, names);
    }
    return files;
  }

  private Map<String, Set<String>> filesV2() throws IOException {
    String podLevel =
        fs.exists(ROOT + "/kubepods.slice")
            ? ROOT + "/kubepods.slice"
            : fs.exists(ROOT + "/kubepods") ? ROOT + "/kubepods" : ROOT;
    Map<String, Set<String>> files = new HashMap<>();
    for (String name : fs.list(podLevel)) {
      if (name.contains(".") && !name.startsWith("cgroup.")) {
        files.computeIfAbsent(NodeCapabilities.controllerOf(name), c -> new HashSet<>()).add(name);
      }
    }
    return files;
  }

  /**
   * rubik's agent runs when a process is named {@code rubik} (Native mode must then refuse:
   * ConflictingAgent).
   */
  private boolean rubikRunning() throws IOException {
    for (String entry : fs.list("/proc")) {
      if (!entry.isEmpty() && entry.chars().allMatch(Character::isDigit)) {
        try {
          if (fs.read("/proc/" + entry + "/comm")
              .map(c -> c.strip().equals("rubik"))
              .orElse(false)) {
            return true;
          }
        } catch (IOException processEnded) {
          // the process went away between list and read
        }
      }
    }
    return false;
  }
}
