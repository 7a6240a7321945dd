package org.openeuler.nestos.daemon.core.update;

import java.util.ArrayList;
import java.util.List;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.OwnedKernelArgument;
import org.openeuler.nestos.ostree.core.status.OsStatus;

/**
 * The kernel-argument changes a NodeState without an OS target still waits for (pure): tokens the
 * spec wants that the booted deployment lacks, and tokens the daemon applied before that the spec
 * dropped but the booted deployment still has. Such a node is not at its revision: its status must
 * not say up to date (issue 15 item 2).
 */
final class KernelArgumentsPending {
  private KernelArgumentsPending() {}

  /** {@code +token} for each one wanted, {@code -token} for each one to remove. */
  static List<String> of(NodeStateSpec spec, OsStatus os, HostRecord record) {
    List<String> booted = os.booted().map(d -> d.kernelArguments()).orElse(null);
    if (booted == null || spec == null) {
      return List.of();
    }
    List<String> wanted =
        spec.kernelArguments() == null
            ? List.of()
            : spec.kernelArguments().stream().map(OwnedKernelArgument::token).toList();
    List<String> out = new ArrayList<>();
    for (String t : wanted) {
      if (!booted.contains(t)) {
        out.add("+" + t);
      }
    }
    for (String t : record.appliedKernelArguments()) {
      if (!wanted.contains(t) && booted.contains(t)) {
        out.add("-" + t);
      }
    }
    return out;
  }
}
