package org.openeuler.nestos.operator.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openeuler.nestos.api.v1alpha1.NodeConfig;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.NodeStateStatus;
import org.openeuler.nestos.api.v1alpha1.OSVersion;
import org.openeuler.nestos.api.v1alpha1.RubikPolicy;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.operator.core.render.CurrentNodeState;
import org.openeuler.nestos.operator.core.render.NodeConfigInput;
import org.openeuler.nestos.operator.core.render.NodeInfo;
import org.openeuler.nestos.operator.core.render.NodeStateRenderer;
import org.openeuler.nestos.operator.core.render.OsVersionInput;
import org.openeuler.nestos.operator.core.render.RenderInput;
import org.openeuler.nestos.operator.core.render.RenderResult;
import org.openeuler.nestos.operator.core.render.RubikPolicyInput;
import org.openeuler.nestos.operator.informers.SharedInformers;
import org.openeuler.nestos.operator.informers.SharedSource;
import org.openeuler.nestos.operator.nodestate.NodeStateSpecs;

/**
 * The caches a controller observes the cluster through (Node, OSVersion, NodeConfig, RubikPolicy,
 * NodeState, Namespace): the operator's {@link SharedInformers}, each registered as a JOSDK event
 * source with the controller's own mapping of events to primaries, and the conversion of what they
 * hold into the renderer's {@link RenderInput}.
 *
 * <p>Update events that cannot change a render are filtered out: CRs only when {@code
 * metadata.generation} changes (their status writes never trigger renders), Nodes only when labels
 * or uid change, Namespaces only when labels change, and Namespace events are dropped while no
 * RubikPolicy has a namespaceSelector (their labels are read only to resolve {@code
 * offline.namespaceSelector}). Every accepted event bumps an {@link #epoch()}; {@link #renderAll()}
 * reuses its last result while the epoch is unchanged, so N primaries reconciled after one event
 * share one full render.
 */
public final class ClusterCaches<P extends HasMetadata> {

  /** How events of each observed type map to this controller's primaries. */
  public interface Mapping<P extends HasMetadata> {
    /**
     * Primaries to reconcile when {@code resource} changed; {@code all} lists every primary (on
     * call: an O(primaries) walk, for the events that concern every primary).
     */
    Set<ResourceID> map(HasMetadata resource, Supplier<Set<ResourceID>> all);
  }

  private static final List<Class<? extends HasMetadata>> TYPES =
      List.of(
          Node.class,
          OSVersion.class,
          NodeConfig.class,
          RubikPolicy.class,
          NodeState.class,
          Namespace.class);

  private final Map<Class<?>, Cache<?>> caches = new HashMap<>();
  private final List<EventSource<?, P>> sources = new ArrayList<>();
  private final AtomicLong epoch = new AtomicLong();
  private volatile Memo memo;

  private record Memo(long epoch, RenderResult result, Map<String, NodeStateStatus> statuses) {}

  /**
   * @param primaryCacheFor the type whose cache is the primary's own (no shared source is created
   *     for it); null to read all six types from the shared informers
   */
  public ClusterCaches(
      SharedInformers informers,
      EventSourceContext<P> context,
      Class<? extends HasMetadata> primaryCacheFor,
      Mapping<P> mapping) {
    Supplier<Set<ResourceID>> all =
        () ->
            context
                .getPrimaryCache()
                .list()
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    if (primaryCacheFor != null) {
      caches.put(primaryCacheFor, context.getPrimaryCache());
    }
    for (Class<? extends HasMetadata> type : TYPES) {
      if (type.equals(primaryCacheFor)) {
        continue;
      }
      add(informers, type, mapping, all);
    }
  }

  private <R extends HasMetadata> void add(
      SharedInformers informers, Class<R> type, Mapping<P> mapping, Supplier<Set<ResourceID>> all) {
    SecondaryToPrimaryMapper<R> mapper =
        r -> {
          if (r instanceof Namespace && !readsNamespaces()) {
            return Set.of();
          }
          epoch.incrementAndGet();
          return mapping.map(r, all);
        };
    SharedSource<R, P> source =
        informers.source(type, type.getSimpleName(), updateFilter(type), mapper);
    caches.put(type, source);
    sources.add(source);
  }

  @SuppressWarnings("unchecked")
  private static <R extends HasMetadata> OnUpdateFilter<R> updateFilter(Class<R> type) {
    if (type.equals(Node.class)) {
      return (OnUpdateFilter<R>) (OnUpdateFilter<Node>) ClusterCaches::nodeChanged;
    }
    if (type.equals(Namespace.class)) {
      return (a, b) -> !Objects.equals(a.getMetadata().getLabels(), b.getMetadata().getLabels());
    }
    if (type.equals(NodeState.class)) {
      return (a, b) ->
          !Objects.equals(
              a.getMetadata().getResourceVersion(), b.getMetadata().getResourceVersion());
    }
    return (a, b) ->
        !Objects.equals(a.getMetadata().getGeneration(), b.getMetadata().getGeneration());
  }

  /** Whether a Node update can change a render: labels or uid changed. */
  public static boolean nodeChanged(Node a, Node b) {
    return !Objects.equals(a.getMetadata().getLabels(), b.getMetadata().getLabels())
        || !Objects.equals(a.getMetadata().getUid(), b.getMetadata().getUid());
  }

  /** The event sources to return from {@code prepareEventSources}. */
  public List<EventSource<?, P>> sources() {
    return List.copyOf(sources);
  }

  /** Incremented on every accepted event of an observed type. */
  public long epoch() {
    return epoch.get();
  }

  @SuppressWarnings("unchecked")
  public <R extends HasMetadata> Stream<R> list(Class<R> type) {
    return ((Cache<R>) caches.get(type)).list();
  }

  /** The cached NodeState named {@code name}, or null. */
  @SuppressWarnings("unchecked")
  public NodeState nodeState(String name) {
    return ((Cache<NodeState>) caches.get(NodeState.class)).get(new ResourceID(name)).orElse(null);
  }

  /** The render input for {@code nodes} (all CRs; the NodeStates of those nodes). */
  public RenderInput input(List<Node> nodes) {
    List<NodeInfo> infos = nodes.stream().map(ClusterCaches::info).toList();
    Map<String, CurrentNodeState> current = new LinkedHashMap<>();
    for (NodeInfo n : infos) {
      NodeState ns = nodeState(n.name());
      if (ns != null && NodeStateSpecs.belongsTo(ns, n.uid())) {
        current.put(n.name(), new CurrentNodeState(ns.getSpec(), ns.getStatus()));
      }
    }
    List<OsVersionInput> osvs =
        list(OSVersion.class)
            .filter(o -> o.getSpec() != null && live(o))
            .map(o -> new OsVersionInput(o.getMetadata().getName(), o.getSpec()))
            .toList();
    List<NodeConfigInput> ncs =
        list(NodeConfig.class)
            .filter(c -> c.getSpec() != null && live(c))
            .map(c -> new NodeConfigInput(c.getMetadata().getName(), c.getSpec()))
            .toList();
    List<RubikPolicyInput> rps =
        list(RubikPolicy.class)
            .filter(p -> p.getSpec() != null && live(p))
            .map(p -> new RubikPolicyInput(p.getMetadata().getName(), p.getSpec()))
            .toList();
    return new RenderInput(infos, osvs, ncs, rps, current, namespaces(rps));
  }

  /**
   * Namespace labels by name, when a policy needs them (see {@link #readsNamespaces()}); else
   * empty.
   */
  private Map<String, Map<String, String>> namespaces(List<RubikPolicyInput> rps) {
    if (rps.stream().noneMatch(ClusterCaches::hasNamespaceSelector)) {
      return Map.of();
    }
    Map<String, Map<String, String>> out = new HashMap<>();
    list(Namespace.class)
        .forEach(
            n ->
                out.put(
                    n.getMetadata().getName(),
                    n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels()));
    return out;
  }

  /** Whether some live RubikPolicy's render reads namespace labels. */
  private boolean readsNamespaces() {
    // a shared cache lists nothing before its informer starts (Namespace events can come first):
    // nothing is lost, every primary is reconciled once the sources run
    return list(RubikPolicy.class)
        .filter(p -> p.getSpec() != null && live(p))
        .map(p -> new RubikPolicyInput(p.getMetadata().getName(), p.getSpec()))
        .anyMatch(ClusterCaches::hasNamespaceSelector);
  }

  private static boolean hasNamespaceSelector(RubikPolicyInput p) {
    return p.mode() != RubikPolicySpec.Mode.Rubik
        && p.spec().offline() != null
        && p.spec().offline().namespaceSelector() != null;
  }

  /**
   * An OSVersion being deleted still owns its nodes until its finalizer is removed (in-flight nodes
   * finish); a NodeConfig or RubikPolicy being deleted stops contributing at once.
   */
  private static boolean live(HasMetadata r) {
    return r instanceof OSVersion || r.getMetadata().getDeletionTimestamp() == null;
  }

  /** Renders every node (memoised per {@link #epoch()}). */
  public RenderResult renderAll() {
    return memo().result();
  }

  /** NodeState statuses by node name, consistent with {@link #renderAll()}. */
  public Map<String, NodeStateStatus> statuses() {
    return memo().statuses();
  }

  private Memo memo() {
    long e = epoch.get();
    Memo m = memo;
    if (m != null && m.epoch() == e) {
      return m;
    }
    RenderInput in = input(list(Node.class).toList());
    Map<String, NodeStateStatus> statuses = new HashMap<>();
    list(NodeState.class)
        .filter(ns -> ns.getStatus() != null)
        .forEach(ns -> statuses.put(ns.getMetadata().getName(), ns.getStatus()));
    m = new Memo(e, NodeStateRenderer.render(in), Map.copyOf(statuses));
    memo = m;
    return m;
  }

  static NodeInfo info(Node n) {
    return new NodeInfo(
        n.getMetadata().getName(), n.getMetadata().getUid(), n.getMetadata().getLabels());
  }
}
