package org.openeuler.nestos.daemon.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.openeuler.nestos.api.v1alpha1.NodeState;

/**
 * Every API call the node daemon makes, on the lean {@link KubeApi}: read its Node and NodeState,
 * replace the NodeState's status, read a pull secret, record an event, and watch its NodeState and
 * the pods bound to its node.
 */
public final class NodeApi implements AutoCloseable {

  private static final String NODESTATES =
      "/apis/"
          + HasMetadata.getGroup(NodeState.class)
          + "/"
          + HasMetadata.getVersion(NodeState.class)
          + "/"
          + HasMetadata.getPlural(NodeState.class);

  private static final Informer.Kind<NodeState> NODE_STATE =
      new Informer.Kind<>(
          NodeState.class,
          ns -> ns.getMetadata().getName(),
          ns -> ns.getMetadata().getResourceVersion(),
          ns -> {
            ns.getMetadata().setManagedFields(null); // never read; a large part of the object
            return ns;
          });

  private static final Informer.Kind<PodView> POD =
      new Informer.Kind<>(
          PodView.class,
          p -> p.metadata().namespace() + "/" + p.metadata().name(),
          p -> p.metadata().resourceVersion(),
          p -> p);

  private final KubeApi api;
  private final WatchBackoff backoff;

  public NodeApi(KubeEndpoint endpoint) {
    this(endpoint, WatchBackoff.standard());
  }

  public NodeApi(KubeEndpoint endpoint, WatchBackoff backoff) {
    this.api = new KubeApi(endpoint);
    this.backoff = backoff;
  }

  /** The Node (the fields the daemon reads), or null. */
  public NodeView node(String name) {
    return api.get("/api/v1/nodes/" + name, NodeView.class);
  }

  /** The NodeState, or null. */
  public NodeState nodeState(String name) {
    return api.get(NODESTATES + "/" + name, NodeState.class);
  }

  /**
   * Replaces the NodeState's status (its {@code resourceVersion}, when set, is a precondition: a
   * {@link KubeApiException} with code 409 when the object changed since).
   */
  public NodeState replaceNodeStateStatus(NodeState body) {
    return api.put(
        NODESTATES + "/" + body.getMetadata().getName() + "/status", body, NodeState.class);
  }

  /** The secret, or null. */
  public SecretView secret(String namespace, String name) {
    return api.get("/api/v1/namespaces/" + namespace + "/secrets/" + name, SecretView.class);
  }

  /** Records {@code event} in {@code namespace}. */
  public void createEvent(String namespace, EventBody event) {
    api.post("/api/v1/namespaces/" + namespace + "/events", event);
  }

  /** A cache of the NodeState named {@code node}, to {@link Informer#start()}. */
  public Informer<NodeState> nodeStateInformer(String node, Informer.Handler<NodeState> handler) {
    return new Informer<>(
        api,
        NODESTATES,
        "metadata.name=" + node,
        NODE_STATE,
        handler,
        "nodestate/" + node,
        backoff);
  }

  /** A cache of the pods bound to {@code node}, in every namespace, to {@link Informer#start()}. */
  public Informer<PodView> podInformer(String node, Informer.Handler<PodView> handler) {
    return new Informer<>(
        api, "/api/v1/pods", "spec.nodeName=" + node, POD, handler, "pods/" + node, backoff);
  }

  @Override
  public void close() {
    api.close();
  }
}
