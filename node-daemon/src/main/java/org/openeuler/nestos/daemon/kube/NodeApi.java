package org.openeuler.nestos.daemon.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
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

  private final KubeApi api;
  private final WatchBackoff backoff;

  public NodeApi(KubeEndpoint endpoint) {
    this(endpoint, WatchBackoff.standard());
  }

  public NodeApi(KubeEndpoint endpoint, WatchBackoff backoff) {
    this.api = new KubeApi(endpoint);
    this.backoff = backoff;
  }

  /** The Node, or null. */
  public Node node(String name) {
    return api.get("/api/v1/nodes/" + name, Node.class);
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
  public Secret secret(String namespace, String name) {
    return api.get("/api/v1/namespaces/" + namespace + "/secrets/" + name, Secret.class);
  }

  /** Records {@code event} in {@code namespace}. */
  public void createEvent(String namespace, Event event) {
    api.post("/api/v1/namespaces/" + namespace + "/events", event);
  }

  /** A cache of the NodeState named {@code node}, to {@link Informer#start()}. */
  public Informer<NodeState> nodeStateInformer(String node, Informer.Handler<NodeState> handler) {
    return new Informer<>(
        api,
        NODESTATES,
        "metadata.name=" + node,
        NodeState.class,
        handler,
        "nodestate/" + node,
        backoff);
  }

  /** A cache of the pods bound to {@code node}, in every namespace, to {@link Informer#start()}. */
  public Informer<Pod> podInformer(String node, Informer.Handler<Pod> handler) {
    return new Informer<>(
        api, "/api/v1/pods", "spec.nodeName=" + node, Pod.class, handler, "pods/" + node, backoff);
  }

  @Override
  public void close() {
    api.close();
  }
}
