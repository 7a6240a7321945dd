package org.openeuler.nestos.operator.core.drain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which pods a drain evicts, which it leaves (DaemonSet pods, mirror pods, finished pods) and which
 * block it — decided before anything is cordoned, so a drain that cannot succeed never starts.
 */
public record DrainDecision(List<DrainPod> evict, List<DrainPod> skip, List<Blocker> blockers) {

  /** A pod that stops the drain, with a reason an admin can act on. */
  public record Blocker(DrainPod pod, String reason) {
    @Override
    public String toString() {
      return pod.key() + ": " + reason;
    }
  }

  private static final Set<String> FINISHED = Set.of("Succeeded", "Failed");

  public static DrainDecision of(List<DrainPod> pods, DrainOptions options) {
    List<DrainPod> evict = new ArrayList<>();
    List<DrainPod> skip = new ArrayList<>();
    List<Blocker> blockers = new ArrayList<>();
    for (DrainPod pod : pods) {
      if (pod.mirror()
          || pod.controllerKinds().contains("DaemonSet")
          || FINISHED.contains(pod.phase())) {
        skip.add(pod);
      } else if (options.blockingPods().test(pod.labels())) {
        blockers.add(new Blocker(pod, "matches the drain's blockingPodSelector"));
      } else if (pod.controllerKinds().isEmpty() && !options.deleteUnmanagedPods()) {
        blockers.add(
            new Blocker(
                pod, "not managed by a controller (set drain.deleteUnmanagedPods to evict it)"));
      } else if (pod.usesEmptyDir() && !options.deleteEmptyDirData()) {
        blockers.add(
            new Blocker(
                pod, "uses emptyDir data that eviction would lose (set drain.deleteEmptyDirData)"));
      } else {
        evict.add(pod);
      }
    }
    return new DrainDecision(List.copyOf(evict), List.copyOf(skip), List.copyOf(blockers));
  }

  public boolean blocked() {
    return !blockers.isEmpty();
  }
}
