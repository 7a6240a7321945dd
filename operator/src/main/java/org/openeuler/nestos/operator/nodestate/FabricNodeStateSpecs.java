package org.openeuler.nestos.operator.nodestate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.validation.CrdSchema;
import org.openeuler.nestos.api.validation.CrdSchemas;
import org.openeuler.nestos.operator.ops.LeanItemStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link NodeStateSpecs} with fabric8.
 *
 * <ul>
 *   <li>Reads the current NodeState from a cache (an informer's, set with {@link #useCache}) or
 *       from the last object this class wrote, whichever is newer; a GET only after a 409.
 *   <li>Compares specs after applying the CRD's schema defaults to both sides (the API server
 *       defaults {@code disruption: {allowed: None}}), so an unchanged render writes nothing.
 *   <li>Writes with PUT under the observed {@code resourceVersion} (optimistic lock); creates with
 *       an ownerReference to the Node ({@code v1/Node}, uid) so the garbage collector removes the
 *       NodeState with its Node.
 *   <li>Serialised per node by lock striping; the render keeps the disruption found at write time,
 *       and when it differs from the one the render was computed with the write is skipped (the
 *       grant's own watch event triggers a fresh render).
 * </ul>
 */
public final class FabricNodeStateSpecs implements NodeStateSpecs {

  private static final Logger LOG = LoggerFactory.getLogger(FabricNodeStateSpecs.class);
  private static final int STRIPES = 64;
  private static final int MAX_ATTEMPTS = 3;
  private static final Disruption NONE = new Disruption(Disruption.Allowed.None, null, null, null);

  private final KubernetesClient client;
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
  private final Map<String, NodeState> written = new ConcurrentHashMap<>();
  private final CrdSchema schema;
  private final ObjectMapper json = Serialization.jsonMapper();
  private final AtomicLong writes = new AtomicLong();
  private volatile Function<String, NodeState> cache = name -> null;

  public FabricNodeStateSpecs(KubernetesClient client) {
    this.client = client;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
    NodeState probe = new NodeState();
    this.schema = CrdSchemas.fromClasspath().get(probe.getApiVersion(), probe.getKind());
  }

  /**
   * The cache of NodeStates by name to read before writing (an informer's store); may return null.
   */
  public FabricNodeStateSpecs useCache(Function<String, NodeState> cache) {
    this.cache = Objects.requireNonNull(cache);
    return this;
  }

  /** Writes (create and update) done so far. */
  public long writes() {
    return writes.get();
  }

  @Override
  public boolean render(String nodeName, String nodeUid, NodeStateSpec rendered, Disruption basis) {
    ReentrantLock lock = lock(nodeName);
    lock.lock();
    try {
      NodeState current = current(nodeName);
      boolean changesDisruption = !normal(basis).equals(normal(rendered.disruption()));
      for (int attempt = 1; ; attempt++) {
        try {
          if (current == null) {
            create(nodeName, nodeUid, rendered);
            return true;
          }
          return update(current, nodeUid, rendered, basis);
        } catch (KubernetesClientException e) {
          if ((e.getCode() != 409 && e.getCode() != 404)
              || attempt >= MAX_ATTEMPTS
              || changesDisruption) {
            if (changesDisruption && (e.getCode() == 409 || e.getCode() == 404)) {
              // the object changed since the render read it: its event re-renders from the new
              // state (never revoke a grant on a basis that may be stale)
              return false;
            }
            throw e;
          }
          current = client.resources(NodeState.class).withName(nodeName).get();
          remember(nodeName, current);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean grant(String nodeName, Disruption disruption, String expectedResourceVersion) {
    ReentrantLock lock = lock(nodeName);
    lock.lock();
    try {
      NodeState current = current(nodeName);
      if (current == null
          || !Objects.equals(expectedResourceVersion, current.getMetadata().getResourceVersion())) {
        current = client.resources(NodeState.class).withName(nodeName).get();
        remember(nodeName, current);
      }
      if (current == null
          || current.getSpec() == null
          || !Objects.equals(expectedResourceVersion, current.getMetadata().getResourceVersion())) {
        return false;
      }
      NodeStateSpec s = current.getSpec();
      NodeStateSpec spec =
          new NodeStateSpec(
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
              disruption);
      try {
        put(copyWithSpec(current, spec, current.getMetadata().getOwnerReferences()));
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409 || e.getCode() == 404) {
          return false;
        }
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  private void create(String nodeName, String nodeUid, NodeStateSpec rendered) {
    NodeState ns = new NodeState();
    ns.setMetadata(
        new ObjectMetaBuilder()
            .withName(nodeName)
            .withOwnerReferences(owner(nodeName, nodeUid))
            .build());
    ns.setSpec(rendered);
    NodeState created = client.resources(NodeState.class).resource(ns).create();
    writes.incrementAndGet();
    remember(nodeName, created);
  }

  private boolean update(
      NodeState current, String nodeUid, NodeStateSpec rendered, Disruption basis) {
    if (!NodeStateSpecs.belongsTo(current, nodeUid)) {
      replace(current, nodeUid, rendered);
      return true;
    }
    Disruption now = current.getSpec() == null ? null : current.getSpec().disruption();
    if (current.getSpec() != null && !normal(now).equals(normal(basis))) {
      LOG.debug(
          "NodeState {}: disruption changed since the render was computed; re-render follows",
          current.getMetadata().getName());
      return false;
    }
    NodeStateSpec desired =
        normal(basis).equals(normal(rendered.disruption()))
            ? rendered.withDisruption(now)
            : rendered;
    List<OwnerReference> owners = List.of(owner(current.getMetadata().getName(), nodeUid));
    boolean sameOwners = sameOwners(current.getMetadata().getOwnerReferences(), owners);
    if (sameOwners && defaulted(desired).equals(defaulted(current.getSpec()))) {
      return true;
    }
    put(copyWithSpec(current, desired, owners));
    return true;
  }

  /**
   * The NodeState of a former node of this name: deleted (only that object: uid and resourceVersion
   * preconditions) and created afresh without its disruption and status. A 409/404 re-reads and
   * retries ({@link #render}).
   */
  private void replace(NodeState former, String nodeUid, NodeStateSpec rendered) {
    String name = former.getMetadata().getName();
    LOG.info(
        "NodeState {} belonged to a former node (uid {}); replacing it for uid {}",
        name,
        former.getSpec().nodeUID(),
        nodeUid);
    client
        .resources(NodeState.class)
        .withName(name)
        .lockResourceVersion(former.getMetadata().getResourceVersion())
        .delete();
    writes.incrementAndGet();
    written.remove(name);
    create(name, nodeUid, rendered.withDisruption(null));
  }

  private void put(NodeState desired) {
    NodeState updated = client.resources(NodeState.class).resource(desired).update();
    writes.incrementAndGet();
    remember(updated.getMetadata().getName(), updated);
  }

  private static NodeState copyWithSpec(
      NodeState current, NodeStateSpec spec, List<OwnerReference> owners) {
    NodeState ns = new NodeState();
    ns.setMetadata(
        new ObjectMetaBuilder(current.getMetadata())
            .withOwnerReferences(owners)
            .withManagedFields()
            .build());
    ns.setSpec(spec);
    ns.setStatus(current.getStatus());
    return ns;
  }

  private static Disruption normal(Disruption d) {
    if (d == null) {
      return NONE;
    }
    return d.allowed() == null
        ? new Disruption(Disruption.Allowed.None, d.ticket(), d.bootID(), d.revision())
        : d;
  }

  private static boolean sameOwners(List<OwnerReference> have, List<OwnerReference> want) {
    if (have == null || have.size() != want.size()) {
      return false;
    }
    for (int i = 0; i < want.size(); i++) {
      OwnerReference a = have.get(i);
      OwnerReference b = want.get(i);
      if (!Objects.equals(a.getUid(), b.getUid())
          || !Objects.equals(a.getKind(), b.getKind())
          || !Objects.equals(a.getName(), b.getName())
          || !Objects.equals(a.getApiVersion(), b.getApiVersion())) {
        return false;
      }
    }
    return true;
  }

  static OwnerReference owner(String nodeName, String nodeUid) {
    return new OwnerReferenceBuilder()
        .withApiVersion("v1")
        .withKind("Node")
        .withName(nodeName)
        .withUid(nodeUid)
        .withController(true)
        .build();
  }

  private JsonNode defaulted(NodeStateSpec spec) {
    ObjectNode obj = json.createObjectNode();
    obj.put("apiVersion", "nestos.openeuler.org/v1alpha1").put("kind", "NodeState");
    obj.set("spec", spec == null ? json.nullNode() : json.valueToTree(spec));
    return schema.applyDefaults(obj).path("spec");
  }

  /** The newer of the cached object and the one this class last wrote. */
  private NodeState current(String name) {
    NodeState cached = cache.apply(name);
    NodeState mine = written.get(name);
    if (mine == null) {
      return cached;
    }
    if (cached == null) {
      return mine;
    }
    int cmp =
        compareVersions(
            cached.getMetadata().getResourceVersion(), mine.getMetadata().getResourceVersion());
    if (cmp >= 0) {
      written.remove(name, mine);
      return cached;
    }
    return mine;
  }

  private void remember(String name, NodeState ns) {
    if (ns == null) {
      written.remove(name);
    } else {
      written.put(name, LeanItemStore.strip(ns));
    }
  }

  /**
   * Numeric resourceVersion order (etcd revisions); unparsable ones compare equal, so the cache
   * wins.
   */
  static int compareVersions(String a, String b) {
    try {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    } catch (NumberFormatException | NullPointerException e) {
      return 0;
    }
  }

  private ReentrantLock lock(String name) {
    return locks[Math.floorMod(name.hashCode(), STRIPES)];
  }
}
