package org.openeuler.nestos.daemon.core.sysctl;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one pass does, in order: store {@link #checkpointBefore} (originals of newly owned keys
 * added) if it changed, apply {@link #writes} and {@link #restores} live, store {@link #persisted}
 * (or delete the file when {@code null}), then store {@link #checkpointAfter} (released keys
 * removed).
 *
 * @param writes desired values that differ from the live ones, sorted by key
 * @param restores originals of keys no policy owns any more whose live value differs, sorted by key
 * @param checkpointAdditions originals of keys owned for the first time (the live value before any
 *     write)
 * @param released keys leaving the checkpoint once the pass succeeded
 * @param drifted owned keys whose live value no longer matches what the project applied
 * @param findings non-blocking notes about released keys (no original known, key gone)
 * @param persisted the project's sysctl.d file content, {@code null} when nothing is owned
 */
public record SysctlPlan(
    List<SysctlWrite> writes,
    List<SysctlWrite> restores,
    Map<String, String> checkpointAdditions,
    Set<String> released,
    List<String> drifted,
    List<SysctlFinding> findings,
    String persisted,
    Checkpoint checkpointBefore,
    Checkpoint checkpointAfter) {

  public SysctlPlan {
    writes = List.copyOf(writes);
    restores = List.copyOf(restores);
    checkpointAdditions = Map.copyOf(checkpointAdditions);
    released = Set.copyOf(released);
    drifted = List.copyOf(drifted);
    findings = List.copyOf(findings);
  }

  /** Live writes in the order the applier performs them: desired values first, then restores. */
  public List<SysctlWrite> liveWrites() {
    return java.util.stream.Stream.concat(writes.stream(), restores.stream()).toList();
  }

  /** True when the pass changes nothing live and no bookkeeping beyond what is already stored. */
  public boolean changesNothingLive() {
    return writes.isEmpty() && restores.isEmpty();
  }
}
