package org.openeuler.nestos.simulator;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches the Nodes and records which are unavailable (cordoned, or not Ready) and the most that
 * were at once: what a rollout's {@code maxUnavailable} bounds.
 */
public final class AvailabilityMonitor implements AutoCloseable {

  private final SharedIndexInformer<Node> informer;
  private final Map<String, Boolean> unavailable = new ConcurrentHashMap<>();
  private final Map<String, Boolean> cordoned = new ConcurrentHashMap<>();
  private final AtomicInteger max = new AtomicInteger();
  private final AtomicInteger maxCordoned = new AtomicInteger();

  AvailabilityMonitor(KubernetesClient client) {
    informer =
        client
            .nodes()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Node n) {
                    observe(n);
                  }

                  @Override
                  public void onUpdate(Node old, Node n) {
                    observe(n);
                  }

                  @Override
                  public void onDelete(Node n, boolean unknown) {
                    unavailable.remove(n.getMetadata().getName());
                    cordoned.remove(n.getMetadata().getName());
                  }
                },
                0);
  }

  private synchronized void observe(Node n) {
    String name = n.getMetadata().getName();
    if (isUnavailable(n)) {
      unavailable.put(name, true);
      max.accumulateAndGet(unavailable.size(), Math::max);
    } else {
      unavailable.remove(name);
    }
    if (n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable())) {
      cordoned.put(name, true);
      maxCordoned.accumulateAndGet(cordoned.size(), Math::max);
    } else {
      cordoned.remove(name);
    }
  }

  static boolean isUnavailable(Node n) {
    boolean cordoned = n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable());
    boolean ready =
        n.getStatus() != null
            && n.getStatus().getConditions() != null
            && n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    return cordoned || !ready;
  }

  /** The most nodes unavailable at the same time. */
  public int maxUnavailable() {
    return max.get();
  }

  /** The most nodes cordoned at the same time (what the operator itself disrupted). */
  public int maxCordoned() {
    return maxCordoned.get();
  }

  /** Nodes unavailable now. */
  public synchronized Set<String> unavailableNow() {
    return new TreeSet<>(unavailable.keySet());
  }

  public synchronized void reset() {
    max.set(unavailable.size());
    maxCordoned.set(cordoned.size());
  }

  @Override
  public void close() {
    informer.close();
  }
}
