package org.openeuler.nestos.operator.rollout;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.openeuler.nestos.api.Annotations;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.OSVersion;
import org.openeuler.nestos.api.v1alpha1.OSVersionSpec;
import org.openeuler.nestos.api.v1alpha1.OSVersionStatus;
import org.openeuler.nestos.operator.core.render.Selectors;
import org.openeuler.nestos.operator.core.rollout.DrainProgress;
import org.openeuler.nestos.operator.core.rollout.GlobalCapacity;
import org.openeuler.nestos.operator.core.rollout.NodeSnapshot;
import org.openeuler.nestos.operator.core.rollout.RetryState;
import org.openeuler.nestos.operator.core.rollout.RolloutInput;
import org.openeuler.nestos.operator.core.rollout.RolloutStrategy;
import org.openeuler.nestos.operator.informers.SharedInformers;
import org.openeuler.nestos.operator.informers.SharedSource;
import org.openeuler.nestos.operator.nodestate.NodeStateSpecs;

/**
 * The observe step of the rollout: its sources over the shared Node and NodeState informers (and
 * which Node updates can change a plan), and builds the {@link RolloutInput} of a pass from their
 * caches, the in-memory expectations and drain progress.
 */
final class RolloutObserver {

  /**
   * What a pass saw: the planner input (its global capacity from the cache alone), the NodeStates
   * of its nodes, nodes another OSVersion selects too, and nodes the cache shows cordoned for
   * another OSVersion.
   */
  record Observation(
      RolloutInput input,
      Map<String, NodeState> states,
      Set<String> overlap,
      Set<String> cordonedForOthers) {}

  /**
   * A node's snapshot as of one cached Node and NodeState instance (the caches replace an object on
   * every new version, never change one: identity is the version) and its drain facts.
   */
  private record Memo(
      Node node,
      NodeState state,
      boolean rendered,
      boolean overlapping,
      boolean targeted,
      boolean cordonedForOther,
      DrainProgress drain,
      NodeSnapshot snapshot) {

    Memo with(DrainProgress drain, NodeSnapshot snapshot) {
      return new Memo(
          node, state, rendered, overlapping, targeted, cordonedForOther, drain, snapshot);
    }
  }

  /**
   * The previous pass's memos of each OSVersion, by node, with the selector and the other
   * OSVersions ({@link #othersKey}) they were made for.
   */
  private record Memos(LabelSelector selector, String othersKey, Map<String, Memo> byNode) {}

  private final RolloutSettings settings;
  private final DrainCoordinator drains;
  private final Expectations expectations;
  private final Map<String, Memos> memos = new ConcurrentHashMap<>();

  private final SharedInformers informers;
  private volatile SharedSource<Node, OSVersion> nodes;
  private volatile SharedSource<NodeState, OSVersion> nodeStates;

  RolloutObserver(
      SharedInformers informers,
      RolloutSettings settings,
      DrainCoordinator drains,
      Expectations expectations) {
    this.informers = informers;
    this.settings = settings;
    this.drains = drains;
    this.expectations = expectations;
  }

  /**
   * The NodeState and Node sources over the shared informers (events mapped to the OSVersions they
   * concern); returns them, then {@code trigger}.
   */
  List<EventSource<?, OSVersion>> eventSources(
      EventSourceContext<OSVersion> context, EventSource<?, OSVersion> trigger) {
    nodeStates =
        informers.source(
            NodeState.class,
            "nodestates",
            (a, b) ->
                !Objects.equals(
                    a.getMetadata().getResourceVersion(), b.getMetadata().getResourceVersion()),
            ns ->
                ns.getSpec() == null || ns.getSpec().osVersionRef() == null
                    ? Set.of()
                    : Set.of(new ResourceID(ns.getSpec().osVersionRef())));
    nodes =
        informers.source(
            Node.class,
            "nodes",
            RolloutObserver::relevantNodeChange,
            node -> {
              Set<ResourceID> ids = new HashSet<>();
              Map<String, String> labels = node.getMetadata().getLabels();
              context
                  .getPrimaryCache()
                  .list(
                      o ->
                          o.getSpec() != null
                              && Selectors.matches(o.getSpec().nodeSelector(), labels))
                  .forEach(o -> ids.add(ResourceID.fromResource(o)));
              nodeStates
                  .get(new ResourceID(node.getMetadata().getName()))
                  .filter(ns -> ns.getSpec() != null && ns.getSpec().osVersionRef() != null)
                  .ifPresent(ns -> ids.add(new ResourceID(ns.getSpec().osVersionRef())));
              return ids;
            });
    return List.of(nodeStates, nodes, trigger);
  }

  /** Node updates that can change a plan: labels, schedulability, our annotation, taints, Ready. */
  static boolean relevantNodeChange(Node now, Node before) {
    if (before == null) {
      return true;
    }
    return !Objects.equals(now.getMetadata().getLabels(), before.getMetadata().getLabels())
        || !Objects.equals(annotation(now), annotation(before))
        || !Objects.equals(
            now.getSpec() == null ? null : now.getSpec().getUnschedulable(),
            before.getSpec() == null ? null : before.getSpec().getUnschedulable())
        || !Objects.equals(
            now.getSpec() == null ? null : now.getSpec().getTaints(),
            before.getSpec() == null ? null : before.getSpec().getTaints())
        || !Objects.equals(ready(now), ready(before));
  }

  private static String annotation(Node n) {
    return n.getMetadata().getAnnotations() == null
        ? null
        : n.getMetadata().getAnnotations().get(Annotations.CORDONED_FOR);
  }

  private static String ready(Node n) {
    if (n.getStatus() == null || n.getStatus().getConditions() == null) {
      return null;
    }
    return n.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(NodeCondition::getStatus)
        .findFirst()
        .orElse(null);
  }

  /** The cached Node {@code name}. */
  Optional<Node> node(String name) {
    SharedSource<Node, OSVersion> source = nodes;
    return source == null ? Optional.empty() : source.get(new ResourceID(name));
  }

  /**
   * A pass over every Node: those whose NodeState is rendered for {@code osv} are its nodes
   * (targeted unless another OSVersion selects them too); nodes cordoned for another OSVersion
   * reduce the global disruption capacity.
   */
  Observation observe(OSVersion osv, OSVersionStatus old, Context<OSVersion> context) {
    String name = osv.getMetadata().getName();
    OSVersionSpec spec = osv.getSpec();
    LabelSelector selector = spec.nodeSelector();
    List<OSVersion> others =
        context
            .getPrimaryCache()
            .list(o -> !name.equals(o.getMetadata().getName()) && o.getSpec() != null)
            .toList();
    Set<String> overlap = new HashSet<>();
    Set<String> cordonedForOthers = new HashSet<>();
    List<NodeSnapshot> snapshots = new ArrayList<>();
    Map<String, NodeState> states = new HashMap<>();
    // a pass rebuilds only the snapshots whose Node, NodeState, selection or drain changed; the
    // judgements of a node whose Node and NodeState are the instances of the previous pass are
    // kept while this OSVersion's selector and the other OSVersions' specs are unchanged
    String othersKey = othersKey(others);
    Memos previous = memos.get(name);
    Map<String, Memo> before =
        previous != null
                && Objects.equals(previous.selector(), selector)
                && previous.othersKey().equals(othersKey)
            ? previous.byNode()
            : Map.of();
    Map<String, Memo> now = new HashMap<>(Math.max(16, before.size() * 2));
    for (Node node : (Iterable<Node>) nodes.list(n -> true)::iterator) {
      String nodeName = node.getMetadata().getName();
      NodeState ns = nodeStates.get(new ResourceID(nodeName)).orElse(null);
      Memo memo = before.get(nodeName);
      if (memo == null || memo.node() != node || memo.state() != ns) {
        memo = judge(name, selector, others, node, ns);
      }
      if (memo.overlapping()) {
        overlap.add(nodeName);
      }
      if (memo.rendered()) {
        states.put(nodeName, ns);
        DrainProgress drain = drains.progress(nodeName, ns.getSpec().revision());
        if (memo.snapshot() == null || !memo.drain().equals(drain)) {
          memo = memo.with(drain, Snapshots.of(node, ns, memo.targeted(), drain));
        }
        snapshots.add(memo.snapshot());
      } else if (memo.cordonedForOther()) {
        cordonedForOthers.add(nodeName);
      }
      now.put(nodeName, memo);
    }
    memos.put(name, new Memos(selector, othersKey, now));

    RolloutStrategy strategy = RolloutStrategy.from(spec.rollout());
    RetryState retry =
        new RetryState(
            osv.getMetadata().getAnnotations() == null
                ? null
                : osv.getMetadata().getAnnotations().get(Annotations.RETRY),
            old == null ? null : old.lastHandledRetry(),
            old == null ? null : Snapshots.time(old.lastHandledRetryTime()));
    int capacity =
        GlobalCapacity.left(settings.globalMaxDisruptions(), cordonedForOthers, List.of());
    return new Observation(
        new RolloutInput(name, strategy, snapshots, expectations.of(name), retry, capacity),
        states,
        overlap,
        cordonedForOthers);
  }

  /**
   * A node's judgement for the OSVersion {@code name} (no snapshot yet): whether its NodeState is
   * rendered for it (and for this Node, not a former one of its name), whether another OSVersion
   * selects it too (then it is not targeted), whether another OSVersion cordoned it.
   */
  private static Memo judge(
      String name, LabelSelector selector, List<OSVersion> others, Node node, NodeState ns) {
    Map<String, String> labels = node.getMetadata().getLabels();
    boolean selected = Selectors.matches(selector, labels);
    boolean overlapping = false;
    if (selected) {
      for (OSVersion o : others) {
        if (Selectors.matches(o.getSpec().nodeSelector(), labels)) {
          overlapping = true;
          break;
        }
      }
    }
    boolean rendered =
        Snapshots.renderedFor(ns, name)
            && NodeStateSpecs.belongsTo(ns, node.getMetadata().getUid());
    return new Memo(
        node,
        ns,
        rendered,
        overlapping,
        selected && !overlapping,
        !rendered && annotation(node) != null,
        DrainProgress.NONE,
        null);
  }

  /** The other OSVersions' names and spec generations: their selectors decide overlaps. */
  private static String othersKey(List<OSVersion> others) {
    if (others.isEmpty()) {
      return "";
    }
    StringBuilder key = new StringBuilder();
    for (OSVersion o : others) {
      key.append(o.getMetadata().getName())
          .append('/')
          .append(o.getMetadata().getGeneration())
          .append(',');
    }
    return key.toString();
  }

  /** Forgets the snapshots kept for a deleted OSVersion. */
  void forget(String osVersion) {
    memos.remove(osVersion);
  }

  /**
   * The pass of a deleted OSVersion: its rendered NodeStates (all targeted), planned as if paused
   * so nothing new starts, with no retry and no new disruption capacity.
   */
  Observation observeDeletion(OSVersion osv) {
    String name = osv.getMetadata().getName();
    List<NodeSnapshot> snapshots = new ArrayList<>();
    Map<String, NodeState> states = new HashMap<>();
    for (NodeState ns :
        (Iterable<NodeState>) nodeStates.list(ns -> Snapshots.renderedFor(ns, name))::iterator) {
      Node node = nodes.get(new ResourceID(ns.getMetadata().getName())).orElse(null);
      if (node != null && NodeStateSpecs.belongsTo(ns, node.getMetadata().getUid())) {
        states.put(node.getMetadata().getName(), ns);
        snapshots.add(
            Snapshots.of(
                node,
                ns,
                true,
                drains.progress(node.getMetadata().getName(), ns.getSpec().revision())));
      }
    }
    RolloutStrategy s =
        RolloutStrategy.from(osv.getSpec() == null ? null : osv.getSpec().rollout());
    RolloutStrategy paused =
        new RolloutStrategy(
            s.maxUnavailable(),
            s.partition(),
            s.maxFailures(),
            true,
            s.spreadByLabel(),
            s.windows(),
            s.stagingPolicy(),
            s.stagingMaxConcurrent(),
            s.failureAction(),
            s.healthDeadline(),
            s.expectationTimeout());
    return new Observation(
        new RolloutInput(name, paused, snapshots, expectations.of(name), RetryState.NONE, 0),
        states,
        Set.of(),
        Set.of());
  }
}
