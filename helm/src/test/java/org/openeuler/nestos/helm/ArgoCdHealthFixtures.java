package org.openeuler.nestos.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.LenientResources;
import org.openeuler.nestos.api.v1alpha1.Disruption.Allowed;
import org.openeuler.nestos.api.v1alpha1.NodeConfig;
import org.openeuler.nestos.api.v1alpha1.NodeConfigSpec;
import org.openeuler.nestos.api.v1alpha1.NodeStateStatus;
import org.openeuler.nestos.api.v1alpha1.OSVersion;
import org.openeuler.nestos.api.v1alpha1.OSVersionStatus;
import org.openeuler.nestos.api.v1alpha1.OwnedKernelArgument;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;
import org.openeuler.nestos.api.v1alpha1.RubikPolicy;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.api.v1alpha1.RubikSummary;
import org.openeuler.nestos.api.v1alpha1.SysctlIssue;
import org.openeuler.nestos.api.v1alpha1.SysctlSetting;
import org.openeuler.nestos.api.v1alpha1.SysctlSummary;
import org.openeuler.nestos.operator.core.render.NodeConfigInput;
import org.openeuler.nestos.operator.core.render.NodeConfigStatusAggregator;
import org.openeuler.nestos.operator.core.render.NodeInfo;
import org.openeuler.nestos.operator.core.render.NodeStateRenderer;
import org.openeuler.nestos.operator.core.render.RenderInput;
import org.openeuler.nestos.operator.core.render.RenderResult;
import org.openeuler.nestos.operator.core.render.RubikPolicyInput;
import org.openeuler.nestos.operator.core.render.RubikPolicyStatusAggregator;
import org.openeuler.nestos.operator.core.rollout.DrainProgress;
import org.openeuler.nestos.operator.core.rollout.Grant;
import org.openeuler.nestos.operator.core.rollout.NodeObservation;
import org.openeuler.nestos.operator.core.rollout.NodeSnapshot;
import org.openeuler.nestos.operator.core.rollout.NodeTarget;
import org.openeuler.nestos.operator.core.rollout.OsVersionStatuses;
import org.openeuler.nestos.operator.core.rollout.RetryState;
import org.openeuler.nestos.operator.core.rollout.RolloutInput;
import org.openeuler.nestos.operator.core.rollout.RolloutPlan;
import org.openeuler.nestos.operator.core.rollout.RolloutPlanner;
import org.openeuler.nestos.operator.core.rollout.RolloutStrategy;
import org.openeuler.nestos.operator.core.rollout.Tickets;

/**
 * OSVersion, NodeConfig and RubikPolicy objects in every state the Argo CD health script must tell
 * apart, with statuses built by the operator's own code (the rollout planner and {@link
 * OsVersionStatuses}, the renderer and the NodeConfig/RubikPolicy status aggregators) from the
 * specs of {@code examples/}, serialized by the project's serialization ({@link
 * LenientResources#serialization()}, as the operator's client writes them).
 */
final class ArgoCdHealthFixtures {

  /** One object and the health Argo CD must show for it. */
  record Fixture(String name, String json, String status, String messageContains) {}

  static final KubernetesSerialization SERIALIZATION = LenientResources.serialization();
  static final ObjectMapper MAPPER = new ObjectMapper();

  /** A Monday, noon UTC. */
  static final Instant NOW = Instant.parse("2026-03-09T12:00:00Z");

  static final String OSV = "workers";
  static final String OLD_IMAGE = "registry.example.com/nestos@sha256:" + "a".repeat(64);
  static final String NEW_IMAGE = "registry.example.com/nestos@sha256:" + "b".repeat(64);
  static final String REV = "rev-new";
  static final long GENERATION = 4;

  private final Path examples;

  ArgoCdHealthFixtures(Path examples) {
    this.examples = examples;
  }

  /** Every fixture, in a stable order. */
  List<Fixture> all() throws IOException {
    List<Fixture> out = new ArrayList<>();
    out.addAll(osVersions());
    out.addAll(nodeConfigs());
    out.addAll(rubikPolicies());
    return out;
  }

  /** Writes each fixture's object to {@code dir/<name>.json}; returns the files by fixture name. */
  static Map<String, Path> write(List<Fixture> fixtures, Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, Path> files = new LinkedHashMap<>();
    for (Fixture f : fixtures) {
      Path file = dir.resolve(f.name() + ".json");
      Files.writeString(file, f.json());
      files.put(f.name(), file);
    }
    return files;
  }

  // ---------------------------------------------------------------- OSVersion

  List<Fixture> osVersions() throws IOException {
    List<Fixture> out = new ArrayList<>();
    out.add(osv("osversion-no-status", "{}", null, "Progressing", "Waiting for the NestOS"));
    OSVersion stale = osVersion("{}");
    stale.getMetadata().setGeneration(GENERATION + 1);
    stale.setStatus(status(stale, updated(3)));
    out.add(
        new Fixture(
            "osversion-stale-generation",
            SERIALIZATION.asJson(stale),
            "Progressing",
            "has not observed generation 5 yet (status is of generation 4)"));
    out.add(
        osv(
            "osversion-complete",
            "{}",
            updated(3),
            "Healthy",
            "RolloutComplete: 3/3 nodes updated"));
    out.add(osv("osversion-no-targets", "{}", List.of(), "Healthy", "NoTargets"));
    out.add(
        osv("osversion-progressing", "{}", pending(3), "Progressing", "Progressing: 0/3 updated"));
    out.add(
        osv(
            "osversion-outside-window",
            "{\"maintenanceWindows\":[{\"days\":[\"Saturday\"],\"startTime\":\"01:00\","
                + "\"durationMinutes\":240}]}",
            pending(3),
            "Progressing",
            "OutsideMaintenanceWindow"));
    out.add(
        osv(
            "osversion-paused",
            "{\"paused\":true}",
            pending(3),
            "Suspended",
            "Paused: 0/3 updated"));
    List<NodeSnapshot> canaryDone = new ArrayList<>(updated(1));
    canaryDone.addAll(pending(2));
    out.add(
        osv(
            "osversion-partition-reached",
            "{\"partition\":1}",
            canaryDone,
            "Suspended",
            "PartitionReached: 1/3 updated"));
    List<NodeSnapshot> oneFailed = new ArrayList<>(updated(2));
    oneFailed.add(failed("worker-f1", "HealthCheckFailed"));
    out.add(
        osv(
            "osversion-failed-within-budget",
            "{\"maxFailures\":1}",
            oneFailed,
            "Degraded",
            "NodeFailed: 1 nodes failed (1 counted, maxFailures 1); failed nodes: worker-f1"
                + " (HealthCheckFailed)"));
    List<NodeSnapshot> pausedFailed = new ArrayList<>(pending(2));
    pausedFailed.add(failed("worker-f1", "RolledBack"));
    out.add(
        osv(
            "osversion-paused-with-failed-node",
            "{\"paused\":true,\"maxFailures\":1}",
            pausedFailed,
            "Degraded",
            "NodeFailed"));
    List<NodeSnapshot> halted = new ArrayList<>(pending(2));
    halted.add(failed("worker-f1", "HealthCheckFailed"));
    halted.add(failed("worker-f2", "RolledBack"));
    out.add(
        osv(
            "osversion-halted",
            "{\"maxFailures\":1}",
            halted,
            "Degraded",
            "FailureBudgetExceeded: 2 failed nodes exceed maxFailures 1; retry with the"
                + " nestos.openeuler.org/retry annotation"));
    OSVersion unavailable = osVersion("{}");
    unavailable.setStatus(
        OsVersionStatuses.imageUnavailable(
            GENERATION,
            null,
            "manifest " + unavailable.getSpec().osImage() + " not found",
            ConditionReason.IMAGE_UNAVAILABLE,
            NOW));
    out.add(
        new Fixture(
            "osversion-image-unavailable",
            SERIALIZATION.asJson(unavailable),
            "Degraded",
            "ImageUnavailable: manifest"));
    OSVersion overlap = osVersion("{}");
    overlap.setStatus(
        OsVersionStatuses.of(
            GENERATION,
            null,
            plan(overlap, pending(3)),
            "3 node(s) are selected by another OSVersion too and are moved by none, e.g."
                + " worker-00",
            null,
            NOW));
    out.add(
        new Fixture(
            "osversion-selector-overlap",
            SERIALIZATION.asJson(overlap),
            "Degraded",
            "SelectorOverlap: 3 node(s) are selected by another OSVersion"));
    return out;
  }

  /**
   * An OSVersion whose status the planner computes over {@code nodes} (none when null); its spec is
   * the example's, without maintenance windows or partition, with {@code rollout} merged into
   * {@code spec.rollout}.
   */
  private Fixture osv(
      String name, String rollout, List<NodeSnapshot> nodes, String health, String message)
      throws IOException {
    OSVersion osv = osVersion(rollout);
    if (nodes != null) {
      osv.setStatus(status(osv, nodes));
    }
    return new Fixture(name, SERIALIZATION.asJson(osv), health, message);
  }

  private OSVersion osVersion(String rollout) throws IOException {
    ObjectNode json =
        (ObjectNode) MAPPER.readTree(SERIALIZATION.asJson(read("osversion.yaml", OSVersion.class)));
    ObjectNode r = (ObjectNode) json.withObject("/spec/rollout");
    r.remove(List.of("maintenanceWindows", "partition"));
    r.setAll((ObjectNode) MAPPER.readTree(rollout));
    OSVersion osv = SERIALIZATION.unmarshal(json.toString(), OSVersion.class);
    osv.getMetadata().setName(OSV);
    osv.getMetadata().setGeneration(GENERATION);
    return osv;
  }

  /** The status the operator writes for {@code osv} over {@code nodes}, as of {@link #NOW}. */
  private static OSVersionStatus status(OSVersion osv, List<NodeSnapshot> nodes) {
    return OsVersionStatuses.of(GENERATION, null, plan(osv, nodes), null, "24.03-LTS-SP1", NOW);
  }

  private static RolloutPlan plan(OSVersion osv, List<NodeSnapshot> nodes) {
    RolloutStrategy strategy = RolloutStrategy.from(osv.getSpec().rollout());
    return new RolloutPlanner(Clock.fixed(NOW, ZoneOffset.UTC))
        .plan(
            new RolloutInput(
                osv.getMetadata().getName(),
                strategy,
                nodes,
                List.of(),
                RetryState.NONE,
                Integer.MAX_VALUE));
  }

  /** Ready nodes on the old image, their target the new one. */
  private static List<NodeSnapshot> pending(int count) {
    List<NodeSnapshot> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String n = String.format("worker-%02d", i);
      out.add(node(n, false, null, Grant.NONE, observed(n, 1, "rev-old", OLD_IMAGE, null, null)));
    }
    return out;
  }

  /** Nodes booted into the new image, verified and released. */
  private static List<NodeSnapshot> updated(int count) {
    List<NodeSnapshot> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String n = String.format("worker-u%d", i);
      out.add(node(n, false, null, Grant.NONE, observed(n, 2, REV, NEW_IMAGE, null, null)));
    }
    return out;
  }

  /** A node that rebooted into the new image under a Reboot grant and failed it for {@code why}. */
  private static NodeSnapshot failed(String n, String why) {
    String ticket = Tickets.of(OSV, Allowed.Reboot, "uid-" + n, boot(n, 1), REV);
    NodeObservation o = observed(n, 2, "rev-old", NEW_IMAGE, ticket, why);
    return node(n, true, REV, new Grant(Allowed.Reboot, ticket, boot(n, 1), REV), o);
  }

  private static NodeSnapshot node(
      String n, boolean cordoned, String cordonedFor, Grant grant, NodeObservation o) {
    return new NodeSnapshot(
        n,
        "uid-" + n,
        Map.of("node-role.kubernetes.io/worker", ""),
        true,
        NOW.minusSeconds(86_400),
        cordoned,
        Set.of(),
        cordonedFor,
        true,
        new NodeTarget(NEW_IMAGE, REV, List.of()),
        grant,
        o,
        cordoned ? new DrainProgress(true, null) : DrainProgress.NONE);
  }

  private static NodeObservation observed(
      String n, int boot, String current, String booted, String ticket, String degraded) {
    return new NodeObservation(
        boot(n, boot),
        current,
        null,
        degraded == null ? null : REV,
        ticket,
        "ostree-unverified-registry:" + booted,
        List.of(),
        degraded == null,
        degraded,
        degraded == null ? null : NOW.minusSeconds(300));
  }

  private static String boot(String n, int i) {
    return "boot-" + n + "-" + i;
  }

  // ---------------------------------------------------------------- NodeConfig

  List<Fixture> nodeConfigs() {
    NodeConfig example = read("nodeconfig.yaml", NodeConfig.class);
    String name = example.getMetadata().getName();
    NodeConfigSpec spec = example.getSpec();
    List<NodeInfo> nodes = workers(3);
    RenderResult render =
        NodeStateRenderer.render(
            new RenderInput(
                nodes, List.of(), List.of(new NodeConfigInput(name, spec)), List.of(), Map.of()));
    List<Fixture> out = new ArrayList<>();
    out.add(nodeConfig("nodeconfig-no-status", example, null, "Progressing", "Waiting"));
    out.add(
        nodeConfig(
            "nodeconfig-applied",
            example,
            NodeConfigStatusAggregator.aggregate(
                name, GENERATION, render, reported(render, nodes, null, null), null, NOW),
            "Healthy",
            "Applied: 3/3 nodes applied"));
    out.add(
        nodeConfig(
            "nodeconfig-daemons-not-reported",
            example,
            NodeConfigStatusAggregator.aggregate(name, GENERATION, render, Map.of(), null, NOW),
            "Progressing",
            "Progressing: 0/3 nodes applied"));
    SysctlIssue refused =
        new SysctlIssue(
            spec.sysctls().get(0).name(), "NotWritable", "read-only file system on this node");
    out.add(
        nodeConfig(
            "nodeconfig-apply-failed",
            example,
            NodeConfigStatusAggregator.aggregate(
                name,
                GENERATION,
                render,
                reported(render, nodes, nodes.get(0).name(), refused),
                null,
                NOW),
            "Degraded",
            "ApplyFailed: 1 node(s) failed to apply its sysctls"));
    // a second NodeConfig of the same priority sets one of the example's keys to another value
    SysctlSetting first = spec.sysctls().get(0);
    NodeConfigSpec rival =
        new NodeConfigSpec(
            spec.nodeSelector(),
            spec.priority(),
            List.of(new SysctlSetting(first.name(), first.value() + "0")),
            null);
    RenderResult conflicted =
        NodeStateRenderer.render(
            new RenderInput(
                nodes,
                List.of(),
                List.of(new NodeConfigInput(name, spec), new NodeConfigInput("rival", rival)),
                List.of(),
                Map.of()));
    out.add(
        nodeConfig(
            "nodeconfig-conflict",
            example,
            NodeConfigStatusAggregator.aggregate(
                name, GENERATION, conflicted, reported(conflicted, nodes, null, null), null, NOW),
            "Degraded",
            "Conflict: 1 key(s) also set by other policies"));
    return out;
  }

  private Fixture nodeConfig(
      String fixture, NodeConfig example, Object status, String health, String message) {
    NodeConfig nc = new NodeConfig();
    nc.getMetadata().setName(example.getMetadata().getName());
    nc.getMetadata().setGeneration(GENERATION);
    nc.setSpec(example.getSpec());
    nc.setStatus((org.openeuler.nestos.api.v1alpha1.NodeConfigStatus) status);
    return new Fixture(fixture, SERIALIZATION.asJson(nc), health, message);
  }

  // ---------------------------------------------------------------- RubikPolicy

  List<Fixture> rubikPolicies() {
    RubikPolicy example = read("rubikpolicy.yaml", RubikPolicy.class);
    String name = example.getMetadata().getName();
    RubikPolicySpec spec = served(example.getSpec());
    List<NodeInfo> nodes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      nodes.add(
          new NodeInfo(
              "batch-" + i, "uid-batch-" + i, Map.of("nestos.openeuler.org/pool", "batch")));
    }
    RenderResult render =
        NodeStateRenderer.render(
            new RenderInput(
                nodes, List.of(), List.of(), List.of(new RubikPolicyInput(name, spec)), Map.of()));
    List<Fixture> out = new ArrayList<>();
    out.add(rubik("rubikpolicy-no-status", example, null, "Progressing", "Waiting"));
    out.add(
        rubik(
            "rubikpolicy-applied",
            example,
            RubikPolicyStatusAggregator.aggregate(
                name, GENERATION, render, rubikReported(render, nodes, 0, List.of()), null, NOW),
            "Healthy",
            "Applied: 2/2 nodes applied"));
    out.add(
        rubik(
            "rubikpolicy-apply-failed",
            example,
            RubikPolicyStatusAggregator.aggregate(
                name, GENERATION, render, rubikReported(render, nodes, 3, List.of()), null, NOW),
            "Degraded",
            "ApplyFailed: 2 node(s) failed cgroup writes"));
    out.add(
        rubik(
            "rubikpolicy-missing-prerequisites",
            example,
            RubikPolicyStatusAggregator.aggregate(
                name,
                GENERATION,
                render,
                rubikReported(render, nodes, 0, List.of("CONFIG_QOS_SCHED")),
                null,
                NOW),
            "Degraded",
            "MissingPrerequisites: 1 kernel prerequisite(s) missing"));
    // two policies in mode Rubik on the cluster: the second one stalls
    RubikPolicySpec rubikMode =
        new RubikPolicySpec(
            spec.nodeSelector(),
            spec.priority(),
            RubikPolicySpec.Mode.Rubik,
            null,
            spec.features(),
            spec.prerequisites());
    RenderResult two =
        NodeStateRenderer.render(
            new RenderInput(
                nodes,
                List.of(),
                List.of(),
                List.of(
                    new RubikPolicyInput("a-rubik", rubikMode),
                    new RubikPolicyInput(name, rubikMode)),
                Map.of()));
    out.add(
        rubik(
            "rubikpolicy-second-rubik-mode",
            example,
            RubikPolicyStatusAggregator.aggregate(
                name, GENERATION, two, rubikReported(two, nodes, 0, List.of()), null, NOW),
            "Degraded",
            "MultipleRubikPolicies: mode Rubik is already used by RubikPolicy/a-rubik"));
    return out;
  }

  /** {@code spec} with the features the CRD defaults (as the API server serves it). */
  private static RubikPolicySpec served(RubikPolicySpec spec) {
    RubikFeatures f = spec.features();
    return new RubikPolicySpec(
        spec.nodeSelector(),
        spec.priority(),
        spec.mode(),
        spec.offline(),
        new RubikFeatures(
            orElse(f.cpuPreemption(), true),
            orElse(f.memoryPreemption(), false),
            orElse(f.quotaBurst(), false),
            orElse(f.ioWeight(), false),
            orElse(f.dynMemory(), false),
            orElse(f.psi(), false)),
        spec.prerequisites());
  }

  private static Boolean orElse(Boolean value, boolean defaultValue) {
    return value == null ? defaultValue : value;
  }

  private Fixture rubik(
      String fixture, RubikPolicy example, Object status, String health, String message) {
    RubikPolicy rp = new RubikPolicy();
    rp.getMetadata().setName(example.getMetadata().getName());
    rp.getMetadata().setGeneration(GENERATION);
    rp.setSpec(example.getSpec());
    rp.setStatus((org.openeuler.nestos.api.v1alpha1.RubikPolicyStatus) status);
    return new Fixture(fixture, SERIALIZATION.asJson(rp), health, message);
  }

  // ---------------------------------------------------------------- daemons' reports

  private static List<NodeInfo> workers(int count) {
    List<NodeInfo> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(
          new NodeInfo(
              "worker-" + i, "uid-worker-" + i, Map.of("node-role.kubernetes.io/worker", "")));
    }
    return out;
  }

  /**
   * Each node's daemon reports the rendered revision applied with its kernel arguments; {@code
   * failing} (if set) also reports {@code issue}.
   */
  private static Map<String, NodeStateStatus> reported(
      RenderResult render, List<NodeInfo> nodes, String failing, SysctlIssue issue) {
    Map<String, NodeStateStatus> out = new HashMap<>();
    for (NodeInfo n : nodes) {
      var spec = render.nodes().get(n.name()).spec();
      List<String> kargs = spec.kernelArguments().stream().map(OwnedKernelArgument::token).toList();
      SysctlSummary sysctls =
          n.name().equals(failing)
              ? new SysctlSummary(spec.sysctls().size() - 1, List.of(issue))
              : new SysctlSummary(spec.sysctls().size(), List.of());
      out.put(
          n.name(),
          new NodeStateStatus(
              "0.1.0",
              boot(n.name(), 1),
              spec.revision(),
              null,
              null,
              null,
              null,
              kargs,
              sysctls,
              null,
              null,
              null));
    }
    return out;
  }

  private static Map<String, NodeStateStatus> rubikReported(
      RenderResult render, List<NodeInfo> nodes, int failedWrites, List<String> missing) {
    Map<String, NodeStateStatus> out = new HashMap<>();
    for (NodeInfo n : nodes) {
      var spec = render.nodes().get(n.name()).spec();
      RubikSummary rubik =
          new RubikSummary(List.of(), 4, 2, missing, List.of()).withFailedWrites(failedWrites);
      out.put(
          n.name(),
          new NodeStateStatus(
              "0.1.0",
              boot(n.name(), 1),
              spec.revision(),
              null,
              null,
              null,
              null,
              List.of(),
              null,
              rubik,
              null,
              null));
    }
    return out;
  }

  private <T extends CustomResource<?, ?>> T read(String file, Class<T> type) {
    try {
      return SERIALIZATION.unmarshal(Files.readString(examples.resolve(file)), type);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read examples/" + file, e);
    }
  }
}
