package org.openeuler.nestos.rubik.core.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.openeuler.nestos.api.v1alpha1.PodRef;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec.Mode;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.rubik.core.cgroup.CgroupPaths;
import org.openeuler.nestos.rubik.core.classify.Classification;
import org.openeuler.nestos.rubik.core.classify.OfflineClassifier;
import org.openeuler.nestos.rubik.core.classify.SystemPods;
import org.openeuler.nestos.rubik.core.model.NodeCapabilities;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;
import org.openeuler.nestos.rubik.core.model.QosClass;

/**
 * Native-mode planner: one pass from (profile, node capabilities, pods, applied writes) to a {@link
 * QosPlan}.
 *
 * <p>Rules: Guaranteed pods are never offline and never written to; system pods ({@link
 * SystemPods}) are never offline unless the profile sets {@code offline.includeSystemPods}. A node
 * running rubik's agent gets {@link QosPlan.ConflictingAgent}. A {@code null} profile (policy gone)
 * or mode {@code Rubik} (rubik's agent takes over) plans no writes, only restores. Applied files
 * the new plan no longer wants are restored, except {@code cpu.qos_level}/{@code memory.qos_level},
 * which the kernel only lets go down (rubik's {@code preemption.go} refuses "from low to high"
 * too): their pods are reported {@code RestartRequired}. Any invalid value -> {@link
 * QosPlan.Invalid} and no plan at all.
 */
public final class QosPlanner {
  private static final Set<String> ENDED = Set.of("Succeeded", "Failed");

  private QosPlanner() {}

  /** Plans one node. */
  public static QosPlan plan(PlanRequest req) {
    return plan(req, p -> null);
  }

  /**
   * One pod's share of a plan: its classification, its writes, the errors in its values. Depends
   * only on the pod and the request's node-wide inputs (profile, capabilities, namespace labels,
   * system namespaces, the dynamic memory limit), so a caller may keep it while those and the pod
   * are unchanged ({@link #plan(PlanRequest, Function)}).
   */
  public record PodPlan(
      PodSnapshot pod,
      Classification classification,
      List<CgroupWrite> writes,
      List<FieldError> errors) {}

  /**
   * Plans one node, taking each pod's {@link PodPlan} from {@code known} where it returns one (for
   * that same pod snapshot, planned against the same node-wide inputs) and planning the others: a
   * pod event costs one pod's planning, not all of them. The result equals {@link
   * #plan(PlanRequest)}'s.
   */
  public static QosPlan plan(PlanRequest req, Function<PodSnapshot, PodPlan> known) {
    RubikProfile profile = req.profile();
    NodeCapabilities caps = req.capabilities();
    boolean active = profile != null && profile.mode() != Mode.Rubik;
    if (active && caps.rubikAgentRunning()) {
      return new QosPlan.ConflictingAgent(
          "rubik's own agent runs on this node; Native mode writes no cgroups");
    }
    List<FieldError> errors = new ArrayList<>();
    if (active) {
      errors.addAll(OfflineClassifier.validate(profile.offline()));
    }
    RubikFeatures features = active ? profile.features() : null;
    List<BackendChoice> backends = backends(req);
    List<PodSnapshot> pods =
        req.pods().stream()
            .filter(p -> !ENDED.contains(p.phase()))
            .sorted(Comparator.comparing(PodSnapshot::cgroupId))
            .toList();
    List<Classification> classes = new ArrayList<>(pods.size());
    List<CgroupWrite> writes = new ArrayList<>();
    Context ctx = null;
    for (PodSnapshot pod : pods) {
      PodPlan pp = known.apply(pod);
      if (pp == null || pp.pod() != pod) {
        ctx = ctx == null ? new Context(req, backends) : ctx;
        pp = planPod(ctx, pod);
      }
      classes.add(pp.classification());
      writes.addAll(pp.writes());
      errors.addAll(pp.errors());
    }
    if (!errors.isEmpty()) {
      return new QosPlan.Invalid(List.copyOf(errors));
    }
    List<Prerequisite> prereqs = active ? Prerequisites.required(features, caps) : List.of();
    Undo undo = undo(req.applied(), writes, pods);
    return new QosPlan.Ready(
        List.copyOf(writes),
        undo.restores,
        backends,
        List.copyOf(classes),
        prereqs,
        Prerequisites.missing(prereqs, caps),
        undo.restartRequired,
        undo.departed);
  }

  /** One pod's plan against {@code req}'s node-wide inputs (its pods and applied are not read). */
  public static PodPlan planPod(PlanRequest req, PodSnapshot pod) {
    return planPod(new Context(req, backends(req)), pod);
  }

  private static List<BackendChoice> backends(PlanRequest req) {
    RubikProfile profile = req.profile();
    boolean active = profile != null && profile.mode() != Mode.Rubik;
    return (active ? Features.enabled(profile.features()) : List.<Feature>of())
        .stream().map(f -> BackendSelector.choose(f, req.capabilities())).toList();
  }

  /** The node-wide inputs of a pass, resolved once. */
  private record Context(
      PlanRequest req,
      List<BackendChoice> backends,
      boolean active,
      Set<String> offlineNamespaces,
      SystemPods systemPods) {
    Context(PlanRequest req, List<BackendChoice> backends) {
      this(
          req,
          backends,
          req.profile() != null && req.profile().mode() != Mode.Rubik,
          req.profile() != null
                  && req.profile().mode() != Mode.Rubik
                  && req.profile().offlineNamespaces() != null
              ? Set.copyOf(req.profile().offlineNamespaces())
              : null,
          new SystemPods(req.systemNamespaces()));
    }
  }

  private static PodPlan planPod(Context ctx, PodSnapshot pod) {
    PlanRequest req = ctx.req();
    NodeCapabilities caps = req.capabilities();
    Classification c =
        OfflineClassifier.classify(
            pod,
            ctx.active() ? req.profile().offline() : null,
            ctx.offlineNamespaces(),
            req.namespaceLabels(),
            ctx.systemPods());
    if (!ctx.active() || pod.qosClass() == QosClass.Guaranteed) {
      return new PodPlan(pod, c, List.of(), List.of());
    }
    List<FieldError> errors = new ArrayList<>();
    List<CgroupWrite> writes = new ArrayList<>();
    String podDir = CgroupPaths.podDir(caps.driver(), pod.qosClass(), pod.cgroupId());
    List<FeatureWrites.Ctr> ctrs = containers(pod, caps, podDir, errors);
    for (BackendChoice b : ctx.backends()) {
      writes.addAll(
          FeatureWrites.of(
              b, caps, pod, c.offline(), podDir, ctrs, req.offlineMemoryHigh(), errors));
    }
    return new PodPlan(pod, c, List.copyOf(lowestMemoryHigh(writes)), List.copyOf(errors));
  }

  /**
   * Memory preemption and dynamic memory may both want a pod's {@code memory.high}: the lower value
   * is written, once, where the first of them wanted it.
   */
  private static List<CgroupWrite> lowestMemoryHigh(List<CgroupWrite> writes) {
    Map<String, CgroupWrite> lowest = new HashMap<>();
    boolean twice = false;
    for (CgroupWrite w : writes) {
      if (w.file().endsWith("/memory.high")) {
        CgroupWrite other = lowest.get(w.file());
        twice |= other != null;
        if (other == null || Long.parseLong(w.value()) < Long.parseLong(other.value())) {
          lowest.put(w.file(), w);
        }
      }
    }
    if (!twice) {
      return writes;
    }
    List<CgroupWrite> out = new ArrayList<>();
    Set<String> done = new java.util.HashSet<>();
    for (CgroupWrite w : writes) {
      CgroupWrite keep = lowest.get(w.file());
      if (keep == null) {
        out.add(w);
      } else if (done.add(w.file())) {
        out.add(
            new CgroupWrite(w.podUid(), keep.feature(), keep.backend(), w.file(), keep.value()));
      }
    }
    return out;
  }

  private static List<FeatureWrites.Ctr> containers(
      PodSnapshot pod, NodeCapabilities caps, String podDir, List<FieldError> errors) {
    List<FeatureWrites.Ctr> out = new ArrayList<>();
    var sorted =
        pod.containers().stream()
            .filter(c -> c.id() != null && !c.id().isEmpty())
            .sorted(Comparator.comparing(c -> c.id()))
            .toList();
    for (var c : sorted) {
      Optional<String> dir = CgroupPaths.containerDir(caps.driver(), podDir, c.id());
      if (dir.isEmpty()) {
        errors.add(
            new FieldError(
                "pods[" + pod.key() + "].containers[" + c.name() + "].id",
                "unknown container runtime in '"
                    + c.id()
                    + "' (docker://, containerd://, cri-o://, isulad://)"));
      } else {
        out.add(new FeatureWrites.Ctr(c, dir.get()));
      }
    }
    return out;
  }

  private record Undo(
      List<CgroupRestore> restores, List<PodRef> restartRequired, List<String> departed) {}

  private static Undo undo(
      List<CgroupWrite> applied, List<CgroupWrite> writes, List<PodSnapshot> pods) {
    Set<String> wanted = new java.util.HashSet<>();
    writes.forEach(w -> wanted.add(w.file()));
    Map<String, PodSnapshot> live = new HashMap<>();
    pods.forEach(p -> live.put(p.cgroupId(), p));
    List<CgroupRestore> restores = new ArrayList<>();
    Set<PodRef> restart = new LinkedHashSet<>();
    Set<String> departed = new java.util.TreeSet<>();
    Set<String> seen = new java.util.HashSet<>();
    for (int i = applied.size() - 1; i >= 0; i--) {
      CgroupWrite a = applied.get(i);
      if (wanted.contains(a.file()) || !seen.add(a.file())) {
        continue;
      }
      PodSnapshot pod = live.get(a.podUid());
      if (pod == null) {
        departed.add(a.podUid());
      } else if (a.backend() == Backend.CPU_QOS_LEVEL || a.backend() == Backend.MEMORY_QOS_LEVEL) {
        restart.add(new PodRef(pod.namespace(), pod.name()));
      } else {
        restores.add(new CgroupRestore(a.podUid(), a.feature(), a.backend(), a.file()));
      }
    }
    List<PodRef> rr =
        restart.stream()
            .sorted(Comparator.comparing(PodRef::namespace).thenComparing(PodRef::name))
            .toList();
    return new Undo(List.copyOf(restores), rr, List.copyOf(departed));
  }
}
