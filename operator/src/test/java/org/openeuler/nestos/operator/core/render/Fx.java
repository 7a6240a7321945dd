package org.openeuler.nestos.operator.core.render;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openeuler.nestos.api.Tickets;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.HealthGate;
import org.openeuler.nestos.api.v1alpha1.ImagePolicy;
import org.openeuler.nestos.api.v1alpha1.NodeConfigSpec;
import org.openeuler.nestos.api.v1alpha1.NodeKernel;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.NodeStateStatus;
import org.openeuler.nestos.api.v1alpha1.OSVersionSpec;
import org.openeuler.nestos.api.v1alpha1.RolloutSpec;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.api.v1alpha1.SysctlSetting;

/** Test fixtures for the renderer. */
final class Fx {
  private Fx() {}

  static String image(char c) {
    return "registry.example/nestos@sha256:" + String.valueOf(c).repeat(64);
  }

  /** Labels from key=value pairs. */
  static Map<String, String> labels(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String s : kv) {
      String[] p = s.split("=", 2);
      m.put(p[0], p.length > 1 ? p[1] : "");
    }
    return m;
  }

  static NodeInfo node(String name, String... kv) {
    return new NodeInfo(name, "uid-" + name, labels(kv));
  }

  static LabelSelector all() {
    return new LabelSelector();
  }

  static LabelSelector sel(String... kv) {
    return new LabelSelectorBuilder().withMatchLabels(labels(kv)).build();
  }

  static LabelSelector expr(String key, String op, String... values) {
    return new LabelSelectorBuilder()
        .withMatchExpressions(
            new LabelSelectorRequirement(key, op, values.length == 0 ? null : List.of(values)))
        .build();
  }

  static HealthGate gate(int deadline) {
    return new HealthGate(deadline, 30, List.of(), HealthGate.FailureAction.RollbackNode);
  }

  static OsVersionInput osv(String name, char img, LabelSelector s) {
    return osvWithGate(name, img, s, gate(600));
  }

  static OsVersionInput osvWithGate(String name, char img, LabelSelector s, HealthGate gate) {
    RolloutSpec rollout = new RolloutSpec(null, null, null, null, null, null, null, null, gate);
    return new OsVersionInput(
        name,
        new OSVersionSpec(
            image(img),
            new ImagePolicy(ImagePolicy.Verification.Unverified, null, null),
            s,
            rollout));
  }

  /**
   * A NodeConfig: {@code entries} are sysctls ({@code k=v} with a dot in k) and kargs (anything
   * prefixed {@code @}).
   */
  static NodeConfigInput nc(String name, int priority, LabelSelector s, String... entries) {
    List<SysctlSetting> sysctls = new ArrayList<>();
    List<String> kargs = new ArrayList<>();
    for (String e : entries) {
      if (e.startsWith("@")) {
        kargs.add(e.substring(1));
      } else {
        String[] p = e.split("=", 2);
        sysctls.add(new SysctlSetting(p[0], p[1]));
      }
    }
    return new NodeConfigInput(name, new NodeConfigSpec(s, priority, sysctls, kargs));
  }

  static RubikFeatures features(boolean memory, boolean io, boolean psi) {
    return new RubikFeatures(true, memory, false, io, false, psi);
  }

  static RubikPolicyInput rp(
      String name,
      int priority,
      RubikPolicySpec.Mode mode,
      RubikPolicySpec.Prerequisites pre,
      RubikFeatures f,
      LabelSelector s) {
    return new RubikPolicyInput(name, new RubikPolicySpec(s, priority, mode, null, f, pre));
  }

  static RubikPolicyInput rp(String name, int priority, LabelSelector s) {
    return rp(
        name,
        priority,
        RubikPolicySpec.Mode.Native,
        RubikPolicySpec.Prerequisites.Report,
        features(false, false, false),
        s);
  }

  static RenderInput input(
      List<NodeInfo> nodes,
      List<OsVersionInput> osvs,
      List<NodeConfigInput> ncs,
      List<RubikPolicyInput> rps) {
    return new RenderInput(nodes, osvs, ncs, rps, Map.of());
  }

  static RenderResult render(
      List<NodeInfo> nodes,
      List<OsVersionInput> osvs,
      List<NodeConfigInput> ncs,
      List<RubikPolicyInput> rps) {
    return NodeStateRenderer.render(input(nodes, osvs, ncs, rps));
  }

  /** An openEuler node on cgroup v1 with {@code memory.qos_level}, as its daemon reports it. */
  static final NodeKernel OE_V1 =
      new NodeKernel(NodeKernel.CgroupVersion.V1, List.of("memory.qos_level"));

  /** An upstream kernel on cgroup v2: no QoS interfaces. */
  static final NodeKernel UPSTREAM_V2 = new NodeKernel(NodeKernel.CgroupVersion.V2, List.of());

  /** {@link #render} with every node's daemon having reported {@code kernel}. */
  static RenderResult renderOn(
      NodeKernel kernel,
      List<NodeInfo> nodes,
      List<OsVersionInput> osvs,
      List<NodeConfigInput> ncs,
      List<RubikPolicyInput> rps) {
    Map<String, CurrentNodeState> current = new java.util.HashMap<>();
    nodes.forEach(n -> current.put(n.name(), new CurrentNodeState(null, kernel(kernel))));
    return NodeStateRenderer.render(new RenderInput(nodes, osvs, ncs, rps, current));
  }

  /** A status carrying only kernel facts. */
  static NodeStateStatus kernel(NodeKernel kernel) {
    return new NodeStateStatus(
        null, null, null, null, null, null, null, null, null, null, null, null, kernel);
  }

  static Disruption reboot(String ticket, String revision) {
    return new Disruption(Disruption.Allowed.Reboot, ticket, "boot-1", revision);
  }

  /** The Reboot grant the planner of {@code osv} issues to node n1 (uid-n1) on boot-1. */
  static Disruption grant(String osv, String revision) {
    return new Disruption(
        Disruption.Allowed.Reboot,
        Tickets.of(osv, Disruption.Allowed.Reboot, "uid-n1", "boot-1", revision),
        "boot-1",
        revision);
  }

  /** The Stage grant the planner of {@code osv} issues to node n1 (uid-n1) on boot-1. */
  static Disruption stage(String osv, String revision) {
    return new Disruption(
        Disruption.Allowed.Stage,
        Tickets.of(osv, Disruption.Allowed.Stage, "uid-n1", "boot-1", revision),
        "boot-1",
        revision);
  }

  static NodeStateSpec specWith(NodeStateSpec s, Disruption d) {
    return new NodeStateSpec(
        s.nodeName(),
        s.nodeUID(),
        s.revision(),
        s.osImage(),
        s.osVersionRef(),
        s.imagePolicy(),
        s.kernelArguments(),
        s.sysctls(),
        s.rubikProfile(),
        s.healthGate(),
        d);
  }

  static NodeStateStatus status(String currentRevision, String lastFailed, String accepted) {
    return statusOnBoot("boot-1", currentRevision, lastFailed, accepted);
  }

  /** The status of node n1 reporting boot {@code bootId}. */
  static NodeStateStatus statusOnBoot(
      String bootId, String currentRevision, String lastFailed, String accepted) {
    return new NodeStateStatus(
        null,
        bootId,
        currentRevision,
        null,
        lastFailed,
        accepted,
        null,
        null,
        null,
        null,
        null,
        null);
  }
}
