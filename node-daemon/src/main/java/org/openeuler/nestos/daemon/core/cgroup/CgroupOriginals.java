package org.openeuler.nestos.daemon.core.cgroup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openeuler.nestos.rubik.core.plan.Backend;
import org.openeuler.nestos.rubik.core.plan.CgroupWrite;
import org.openeuler.nestos.rubik.core.plan.Feature;

/**
 * The checkpoint: each cgroup file's value before the project first wrote it, in the order they
 * were recorded (restore runs in reverse: burst before quota, {@code cpu.idle} before the {@code
 * cpu.shares} it clobbered).
 */
public final class CgroupOriginals {

  /**
   * One file's original value, owned by a pod.
   *
   * @param written the value first written by the plan; {@code null} for a file clobbered as a side
   *     effect
   */
  public record Original(
      String podUid, Feature feature, Backend backend, String file, String value, String written) {}

  private final List<Original> originals;
  // derived once per checkpoint (a pass asks for each many times: a full pass once per write)
  private final Set<String> files;
  private final List<CgroupWrite> applied;

  public CgroupOriginals(List<Original> originals) {
    this.originals = List.copyOf(originals);
    Set<String> f = new java.util.HashSet<>();
    this.originals.forEach(o -> f.add(o.file()));
    this.files = Set.copyOf(f);
    this.applied =
        this.originals.stream()
            .filter(o -> o.written() != null)
            .map(o -> new CgroupWrite(o.podUid(), o.feature(), o.backend(), o.file(), o.written()))
            .toList();
  }

  public List<Original> originals() {
    return originals;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CgroupOriginals other && originals.equals(other.originals);
  }

  @Override
  public int hashCode() {
    return originals.hashCode();
  }

  @Override
  public String toString() {
    return "CgroupOriginals" + originals;
  }

  public static CgroupOriginals empty() {
    return new CgroupOriginals(List.of());
  }

  public boolean contains(String file) {
    return files.contains(file);
  }

  /** Adds originals for files not recorded yet (the first recorded value wins). */
  public CgroupOriginals with(Collection<Original> added) {
    Map<String, Original> byFile = new LinkedHashMap<>();
    originals.forEach(o -> byFile.put(o.file(), o));
    added.forEach(o -> byFile.putIfAbsent(o.file(), o));
    return new CgroupOriginals(new ArrayList<>(byFile.values()));
  }

  public CgroupOriginals without(Collection<String> files) {
    Set<String> drop = Set.copyOf(files);
    return new CgroupOriginals(originals.stream().filter(o -> !drop.contains(o.file())).toList());
  }

  /** The pod's originals in restore order (reverse of recording). */
  public List<Original> restoreOrder(String podUid) {
    List<Original> pod =
        new ArrayList<>(originals.stream().filter(o -> o.podUid().equals(podUid)).toList());
    Collections.reverse(pod);
    return pod;
  }

  /**
   * The writes in effect, in the order they were first made (the planner's {@code
   * PlanRequest.applied}).
   */
  public List<CgroupWrite> applied() {
    return applied;
  }

  public CgroupOriginals withoutPods(Collection<String> podUids) {
    Set<String> drop = Set.copyOf(podUids);
    return new CgroupOriginals(originals.stream().filter(o -> !drop.contains(o.podUid())).toList());
  }

  public Set<String> pods() {
    Set<String> pods = new LinkedHashSet<>();
    originals.forEach(o -> pods.add(o.podUid()));
    return pods;
  }
}
