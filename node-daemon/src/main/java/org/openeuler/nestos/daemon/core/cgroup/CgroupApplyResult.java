package org.openeuler.nestos.daemon.core.cgroup;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.openeuler.nestos.rubik.core.plan.CgroupWrite;
import org.openeuler.nestos.rubik.core.plan.Feature;

/**
 * What one pass of the cgroup writer did.
 *
 * @param applied written and read back as planned
 * @param unchanged already held the planned value (not written)
 * @param unsupported writes whose backend is {@code UNSUPPORTED} on this node (nothing written)
 * @param skipped the pod's cgroup is gone (pod deleted meanwhile)
 * @param failed per pod and feature, with the kernel's reason; other pods and features still ran
 * @param mismatches written without error but the kernel prints another value
 */
public record CgroupApplyResult(
    List<CgroupWrite> applied,
    List<CgroupWrite> unchanged,
    List<CgroupWrite> unsupported,
    List<Skipped> skipped,
    List<Failure> failed,
    List<Mismatch> mismatches) {

  public record Skipped(CgroupWrite write, String reason) {}

  /** A write (or restore) that failed; {@code feature} is null for restores of companion files. */
  public record Failure(String podUid, Feature feature, String file, String reason) {}

  public record Mismatch(CgroupWrite write, String actual) {}

  public CgroupApplyResult {
    applied = List.copyOf(applied);
    unchanged = List.copyOf(unchanged);
    unsupported = List.copyOf(unsupported);
    skipped = List.copyOf(skipped);
    failed = List.copyOf(failed);
    mismatches = List.copyOf(mismatches);
  }

  public boolean ok() {
    return failed.isEmpty() && mismatches.isEmpty();
  }

  /** Failed features per pod, for status reporting. */
  public Map<String, Set<Feature>> failedFeatures() {
    Map<String, Set<Feature>> out = new TreeMap<>();
    failed.forEach(f -> out.computeIfAbsent(f.podUid(), k -> new TreeSet<>()).add(f.feature()));
    return out;
  }

  @Override
  public String toString() {
    return "applied="
        + applied.size()
        + " unchanged="
        + unchanged.size()
        + " unsupported="
        + unsupported.size()
        + " skipped="
        + skipped.size()
        + " failed="
        + failed
        + " mismatches="
        + mismatches;
  }
}
