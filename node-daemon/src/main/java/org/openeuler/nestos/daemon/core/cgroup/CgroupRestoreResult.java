package org.openeuler.nestos.daemon.core.cgroup;

import java.util.List;

/**
 * What restoring one pod's originals did.
 *
 * @param restored files written back (or already holding their original)
 * @param gone files whose cgroup no longer exists (checkpoint dropped)
 * @param failed files the kernel refused (e.g. {@code cpu.qos_level} cannot go back up): kept in
 *     the checkpoint, the pod needs a restart
 */
public record CgroupRestoreResult(
    String podUid,
    List<String> restored,
    List<String> gone,
    List<CgroupApplyResult.Failure> failed) {

  public CgroupRestoreResult {
    restored = List.copyOf(restored);
    gone = List.copyOf(gone);
    failed = List.copyOf(failed);
  }

  public boolean ok() {
    return failed.isEmpty();
  }
}
