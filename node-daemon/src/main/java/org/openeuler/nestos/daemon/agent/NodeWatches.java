package org.openeuler.nestos.daemon.agent;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.daemon.kube.Informer;
import org.openeuler.nestos.daemon.kube.NodeApi;
import org.openeuler.nestos.daemon.kube.PodView;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link NodeAgent}'s two informers (no resync, no polling): its own NodeState ({@code
 * metadata.name=<node>}), kept in {@code latest} and routed to the {@link OsUpdateLoop} and the
 * {@link LiveConfigLoop} on spec changes, and the pods bound to its node ({@code
 * spec.nodeName=<node>}), whose relevant changes request a live pass.
 */
final class NodeWatches {

  // Logs under the NodeAgent's name, as before the split.
  private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);

  private final NodeApi api;
  private final String node;
  private final AtomicReference<NodeState> latest;
  private final StatusWriter status;
  private final OsUpdateLoop update;
  private final LiveConfigLoop live;

  private volatile Informer<NodeState> nodeStateInformer;
  private volatile Informer<PodView> podInformer;
  private final Map<String, PodSnapshot> snapshots = new ConcurrentHashMap<>();

  NodeWatches(
      NodeApi api,
      String node,
      AtomicReference<NodeState> latest,
      StatusWriter status,
      OsUpdateLoop update,
      LiveConfigLoop live) {
    this.api = api;
    this.node = node;
    this.latest = latest;
    this.status = status;
    this.update = update;
    this.live = live;
  }

  /**
   * Starts the pod informer, then the NodeState informer, each blocking until its initial list is
   * in its store, then requests the first live pass. Each informer is assigned before it starts:
   * its handler may run before {@code run()} returns, and a pass must never read an empty pod list
   * for a not-yet-assigned informer (the daemon then applied nothing until the drift pass, and
   * forgot the originals of every pod it took for departed). The live loop runs no pass before
   * {@link #synced} (docs/decisions.md, "Daemon start order").
   */
  void start() {
    podInformer = api.podInformer(node, new PodHandler());
    nodeStateInformer = api.nodeStateInformer(node, new NodeStateHandler());
    podInformer.start();
    nodeStateInformer.start();
    LOG.info("node={} pod and NodeState watches synced", node);
    live.request(false);
  }

  boolean synced() {
    return nodeStateInformer != null
        && nodeStateInformer.hasSynced()
        && podInformer != null
        && podInformer.hasSynced();
  }

  /** The pods as the QoS planner sees them, converted once per pod change. */
  Collection<PodSnapshot> podSnapshots() {
    return snapshots.values();
  }

  Collection<PodView> pods() {
    return podInformer == null ? List.of() : podInformer.list();
  }

  void close() {
    if (nodeStateInformer != null) {
      nodeStateInformer.close();
    }
    if (podInformer != null) {
      podInformer.close();
    }
  }

  private final class NodeStateHandler implements Informer.Handler<NodeState> {
    @Override
    public void onAdd(NodeState ns) {
      changed(null, ns);
    }

    @Override
    public void onUpdate(NodeState old, NodeState ns) {
      changed(old, ns);
    }

    @Override
    public void onDelete(NodeState ns) {
      LOG.info("node={} NodeState deleted", node);
      latest.set(null);
      status.reset();
      update.forgetSpec();
      live.request(false);
    }

    private void changed(NodeState old, NodeState ns) {
      if (!node.equals(ns.getMetadata().getName())
          || ns.getSpec() == null
          || !node.equals(ns.getSpec().nodeName())) {
        LOG.warn(
            "node={} ignoring NodeState {} naming node {}",
            node,
            ns.getMetadata().getName(),
            ns.getSpec() == null ? null : ns.getSpec().nodeName());
        return;
      }
      latest.set(ns);
      if (old != null && Objects.equals(old.getSpec(), ns.getSpec())) {
        return; // our own status write, or metadata only
      }
      update.onSpec(ns);
      live.request(false);
    }
  }

  private final class PodHandler implements Informer.Handler<PodView> {
    @Override
    public void onAdd(PodView pod) {
      PodSnapshot now = PodSnapshots.of(pod);
      snapshots.put(key(pod), now);
      live.podChanged(now.cgroupId());
    }

    @Override
    public void onUpdate(PodView old, PodView pod) {
      PodSnapshot now = PodSnapshots.of(pod);
      PodSnapshot before = snapshots.put(key(pod), now);
      if (!now.equals(before)) {
        live.podChanged(now.cgroupId());
      }
    }

    @Override
    public void onDelete(PodView pod) {
      PodSnapshot gone = snapshots.remove(key(pod));
      live.podChanged((gone != null ? gone : PodSnapshots.of(pod)).cgroupId());
    }

    private static String key(PodView pod) {
      return pod.metadata().namespace() + "/" + pod.metadata().name();
    }
  }
}
