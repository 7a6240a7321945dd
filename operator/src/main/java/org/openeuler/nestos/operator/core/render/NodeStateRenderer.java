package org.openeuler.nestos.operator.core.render;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.openeuler.nestos.api.v1alpha1.HealthGate;
import org.openeuler.nestos.api.v1alpha1.ImagePolicy;
import org.openeuler.nestos.api.v1alpha1.NodeKernel;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.rubik.core.model.CgroupVersion;
import org.openeuler.nestos.rubik.core.plan.Prerequisite;
import org.openeuler.nestos.rubik.core.plan.Prerequisites;

/**
 * Renders every node's {@code NodeState.spec} from all CRs (docs/design.md §4.1), level-based and
 * deterministic: the result depends only on the set of inputs, never on their list order.
 *
 * <ul>
 *   <li>OSVersion: the single OSVersion selecting a node owns it (image, health gate, image
 *       policy). Two or more selecting it: moved by none, each reports the overlap. A node with an
 *       update in flight ({@link GrantAudit}) keeps its previous target and owner until the update
 *       ends.
 *   <li>Disruption: the grant the NodeState carries is kept while it is the operator's and its
 *       update has not ended; an ended grant is cleared and a foreign one reverted ({@link
 *       GrantAudit}).
 *   <li>NodeConfig: all selecting ones merge in rank order (higher {@code priority} first, then
 *       name ascending): per sysctl key ({@link SysctlMerge}) and per kernel-argument group ({@link
 *       KernelArgumentMerge}).
 *   <li>RubikPolicy: the first selecting policy in rank order wins the node. Mode {@code Rubik} is
 *       held by the first such policy in rank order; the others are stalled and rendered nowhere.
 *       With {@code prerequisites: Manage} its required sysctls/kargs join the merge after every
 *       NodeConfig, so an explicit NodeConfig value wins a clash (reported on both). A Native-mode
 *       policy's {@code offline.namespaceSelector} is resolved against the namespaces' labels into
 *       the profile's sorted {@code offlineNamespaces} ({@link OfflineNamespaces}), part of the
 *       revision, so a namespace relabel re-renders the nodes the policy wins.
 *   <li>A node selected by nothing gets an empty spec, so its daemon restores originals.
 * </ul>
 */
public final class NodeStateRenderer {
  /** Rank of NodeConfigs: higher priority first, then name ascending. */
  public static final Comparator<NodeConfigInput> NODE_CONFIG_RANK =
      Comparator.comparingInt(NodeConfigInput::priority)
          .reversed()
          .thenComparing(NodeConfigInput::name);

  /** Rank of RubikPolicies: higher priority first, then name ascending. */
  public static final Comparator<RubikPolicyInput> RUBIK_RANK =
      Comparator.comparingInt(RubikPolicyInput::priority)
          .reversed()
          .thenComparing(RubikPolicyInput::name);

  private NodeStateRenderer() {}

  /** Renders all nodes and the per-CR facts. */
  public static RenderResult render(RenderInput in) {
    List<OsVersionInput> osvs =
        in.osVersions().stream().sorted(Comparator.comparing(OsVersionInput::name)).toList();
    List<NodeConfigInput> ncs = in.nodeConfigs().stream().sorted(NODE_CONFIG_RANK).toList();
    List<RubikPolicyInput> rps = in.rubikPolicies().stream().sorted(RUBIK_RANK).toList();
    String rubikHolder =
        rps.stream()
            .filter(p -> p.mode() == RubikPolicySpec.Mode.Rubik)
            .map(RubikPolicyInput::name)
            .findFirst()
            .orElse(null);

    Map<String, RenderedNode> nodes = new TreeMap<>();
    Facts osvTargets = new Facts();
    Facts osvOverlapNodes = new Facts();
    Map<String, TreeSet<String>> overlapsWith = new TreeMap<>();
    Facts ncTargets = new Facts();
    Map<String, TreeSet<String>> refused = new TreeMap<>();
    Facts rpSelected = new Facts();
    Facts rpTargets = new Facts();
    OfflineNamespaces offlineNamespaces = new OfflineNamespaces(in.namespaces());

    for (NodeInfo node :
        in.nodes().stream().sorted(Comparator.comparing(NodeInfo::name)).toList()) {
      String n = node.name();
      List<OsVersionInput> osvSel =
          osvs.stream()
              .filter(o -> Selectors.matches(o.spec().nodeSelector(), node.labels()))
              .toList();
      if (osvSel.size() > 1) {
        for (OsVersionInput o : osvSel) {
          osvOverlapNodes.add(o.name(), n);
          osvSel.stream()
              .map(OsVersionInput::name)
              .filter(x -> !x.equals(o.name()))
              .forEach(x -> overlapsWith.computeIfAbsent(o.name(), k -> new TreeSet<>()).add(x));
        }
      }
      CurrentNodeState cur = in.current().getOrDefault(n, new CurrentNodeState(null, null));
      GrantAudit.Verdict grant = GrantAudit.judge(cur, node.uid());
      OsTarget target = osTarget(osvs, osvSel, cur, grant.inFlight());
      if (target.ref() != null) {
        osvTargets.add(target.ref(), n);
      }

      List<NodeConfigInput> ncSel =
          ncs.stream()
              .filter(c -> Selectors.matches(c.spec().nodeSelector(), node.labels()))
              .toList();
      ncSel.forEach(c -> ncTargets.add(c.name(), n));
      List<RubikPolicyInput> rpSel =
          rps.stream()
              .filter(p -> Selectors.matches(p.spec().nodeSelector(), node.labels()))
              .toList();
      rpSel.forEach(p -> rpSelected.add(p.name(), n));
      RubikPolicyInput rubik =
          rpSel.stream().filter(p -> !stalled(p, rubikHolder)).findFirst().orElse(null);

      List<Contribution> contributions = new ArrayList<>();
      ncSel.forEach(c -> contributions.add(contribution(c)));
      RubikProfile profile = null;
      if (rubik != null) {
        rpTargets.add(rubik.name(), n);
        profile =
            new RubikProfile(
                rubik.name(),
                rubik.mode(),
                rubik.spec().offline(),
                rubik.spec().features(),
                offlineNamespaces.of(rubik));
        if (rubik.manages()) {
          contributions.add(
              contribution(rubik, cur.status() == null ? null : cur.status().kernel()));
        }
      }
      SysctlMerge.Result sysctls = SysctlMerge.merge(contributions);
      KernelArgumentMerge.Result kargs = KernelArgumentMerge.merge(contributions);
      kargs
          .refused()
          .forEach(
              (party, tokens) ->
                  refused.computeIfAbsent(party, k -> new TreeSet<>()).addAll(tokens));
      List<NodeConflict> conflicts = new ArrayList<>(sysctls.conflicts());
      conflicts.addAll(kargs.conflicts());

      String revision =
          Revision.of(
              target.image(),
              target.ref(),
              target.healthGate(),
              kargs.kernelArguments(),
              sysctls.sysctls(),
              profile);
      NodeStateSpec spec =
          new NodeStateSpec(
              n,
              node.uid(),
              revision,
              target.image(),
              target.ref(),
              target.imagePolicy(),
              kargs.kernelArguments(),
              sysctls.sysctls(),
              profile,
              target.healthGate(),
              grant.disruption());
      GrantAudit.Revoked revoked = grant.revoked();
      if (grant.clearOnlyWithOtherChanges()) {
        // an ended grant is inert: cleared only by a render that writes the NodeState anyway
        NodeStateSpec keeping = spec.withDisruption(cur.disruption());
        if (keeping.equals(cur.spec())) {
          spec = keeping;
          revoked = null;
        }
      }
      nodes.put(
          n,
          new RenderedNode(
              spec, target.imagePolicy(), target.retained(), conflicts, cur.disruption(), revoked));
    }

    Map<String, OsVersionRender> osvOut = new TreeMap<>();
    for (OsVersionInput o : osvs) {
      osvOut.put(
          o.name(),
          new OsVersionRender(
              o.name(),
              osvTargets.get(o.name()),
              osvOverlapNodes.get(o.name()),
              List.copyOf(overlapsWith.getOrDefault(o.name(), new TreeSet<>()))));
    }
    Map<String, NodeConfigRender> ncOut = new TreeMap<>();
    for (NodeConfigInput c : ncs) {
      ncOut.put(
          c.name(),
          new NodeConfigRender(
              c.name(),
              ncTargets.get(c.name()),
              ConflictAggregation.forParty(c.name(), nodes.values()),
              List.copyOf(refused.getOrDefault(c.name(), new TreeSet<>()))));
    }
    Map<String, RubikPolicyRender> rpOut = new TreeMap<>();
    for (RubikPolicyInput p : rps) {
      boolean stalled = stalled(p, rubikHolder);
      rpOut.put(
          p.name(),
          new RubikPolicyRender(
              p.name(),
              rpSelected.get(p.name()),
              rpTargets.get(p.name()),
              stalled,
              stalled ? rubikHolder : null,
              ConflictAggregation.forParty(p.owner(), nodes.values()),
              offlineNamespaces.matched(p.name())));
    }
    return new RenderResult(nodes, osvOut, ncOut, rpOut);
  }

  private static boolean stalled(RubikPolicyInput p, String rubikHolder) {
    return p.mode() == RubikPolicySpec.Mode.Rubik && !p.name().equals(rubikHolder);
  }

  /** The OSVersion part of a node's render. */
  private record OsTarget(
      String image, String ref, HealthGate healthGate, ImagePolicy imagePolicy, boolean retained) {
    static final OsTarget NONE = new OsTarget(null, null, null, null, false);
  }

  private static OsTarget osTarget(
      List<OsVersionInput> all,
      List<OsVersionInput> selecting,
      CurrentNodeState cur,
      boolean inFlight) {
    if (inFlight) {
      NodeStateSpec prev = cur.spec();
      ImagePolicy policy =
          all.stream()
              .filter(o -> o.name().equals(prev.osVersionRef()))
              .findFirst()
              .map(o -> o.spec().imagePolicy())
              .orElse(null);
      return new OsTarget(prev.osImage(), prev.osVersionRef(), prev.healthGate(), policy, true);
    }
    if (selecting.size() != 1) {
      return OsTarget.NONE;
    }
    OsVersionInput o = selecting.get(0);
    HealthGate gate = o.spec().rollout() == null ? null : o.spec().rollout().healthGate();
    return new OsTarget(o.spec().osImage(), o.name(), gate, o.spec().imagePolicy(), false);
  }

  private static Contribution contribution(NodeConfigInput c) {
    Map<String, String> sysctls = new LinkedHashMap<>();
    if (c.spec().sysctls() != null) {
      c.spec().sysctls().stream()
          .filter(s -> s != null && s.name() != null)
          .forEach(s -> sysctls.putIfAbsent(s.name(), s.value() == null ? "" : s.value()));
    }
    List<String> kargs =
        c.spec().kernelArguments() == null ? List.of() : c.spec().kernelArguments();
    return new Contribution(c.name(), c.owner(), sysctls, kargs);
  }

  /**
   * A {@code Manage} policy's kernel prerequisites for one node: only those that exist and matter
   * on its kernel as its daemon reported it ({@code status.kernel}); none before it reported (a key
   * the kernel lacks would refuse the node's whole sysctl pass, a boot argument its cgroup version
   * ignores would reboot it for nothing: issue 15).
   */
  private static Contribution contribution(RubikPolicyInput p, NodeKernel kernel) {
    Map<String, String> sysctls = new LinkedHashMap<>();
    List<String> kargs = new ArrayList<>();
    List<Prerequisite> required =
        kernel == null || kernel.cgroupVersion() == null
            ? List.of()
            : Prerequisites.required(
                p.spec().features(),
                kernel.cgroupVersion() == NodeKernel.CgroupVersion.V1
                    ? CgroupVersion.V1
                    : CgroupVersion.V2,
                i -> kernel.qosInterfaces() != null && kernel.qosInterfaces().contains(i));
    for (Prerequisite pre : required) {
      if (pre.kind() == Prerequisite.Kind.Sysctl) {
        sysctls.putIfAbsent(pre.name(), pre.value());
      } else {
        kargs.add(pre.name());
      }
    }
    return new Contribution(p.owner(), p.owner(), sysctls, kargs);
  }

  /** Sorted node lists per CR name. */
  private static final class Facts {
    private final Map<String, TreeSet<String>> byName = new TreeMap<>();

    void add(String name, String node) {
      byName.computeIfAbsent(name, k -> new TreeSet<>()).add(node);
    }

    List<String> get(String name) {
      return List.copyOf(byName.getOrDefault(name, new TreeSet<>()));
    }
  }
}
