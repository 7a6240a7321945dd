package org.openeuler.nestos.simulator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelets' part for Pods bound to the simulated nodes (there are no containers): a new pod is
 * reported Running and Ready (what a PodDisruptionBudget counts as healthy), and a pod being
 * deleted gracefully (an eviction sets its {@code deletionTimestamp}) is removed for good, as the
 * kubelet does once the containers stopped. The stand-in deletes at once; the real apiserver waits
 * for this.
 */
final class PodLifecycle implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PodLifecycle.class);

  private final KubernetesClient client;
  private final Set<String> nodes;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "sim-kubelet-pods");
            t.setDaemon(true);
            return t;
          });
  private final SharedIndexInformer<Pod> informer;

  PodLifecycle(KubernetesClient client, Set<String> nodes) {
    this.client = client;
    this.nodes = Set.copyOf(nodes);
    this.informer =
        client
            .pods()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod p) {
                    observe(p);
                  }

                  @Override
                  public void onUpdate(Pod old, Pod p) {
                    observe(p);
                  }

                  @Override
                  public void onDelete(Pod p, boolean unknown) {}
                },
                0);
  }

  private void observe(Pod p) {
    if (p.getSpec() == null || !nodes.contains(p.getSpec().getNodeName())) {
      return;
    }
    String ns = p.getMetadata().getNamespace();
    String name = p.getMetadata().getName();
    if (p.getMetadata().getDeletionTimestamp() != null) {
      worker.execute(() -> finishDeletion(ns, name));
    } else if (!ready(p)) {
      worker.execute(() -> reportReady(ns, name));
    }
  }

  private void finishDeletion(String ns, String name) {
    try {
      client.pods().inNamespace(ns).withName(name).withGracePeriod(0).delete();
      LOG.info("pod {}/{} stopped and deleted", ns, name);
    } catch (KubernetesClientException e) {
      LOG.debug("pod {}/{}: {}", ns, name, e.toString());
    }
  }

  private void reportReady(String ns, String name) {
    String now = Instant.now().toString();
    try {
      client
          .pods()
          .inNamespace(ns)
          .withName(name)
          .subresource("status")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              """
              {"status":{"phase":"Running","startTime":"%s","conditions":[
                {"type":"PodScheduled","status":"True","lastTransitionTime":"%s"},
                {"type":"Ready","status":"True","lastTransitionTime":"%s"},
                {"type":"ContainersReady","status":"True","lastTransitionTime":"%s"}]}}"""
                  .formatted(now, now, now, now));
    } catch (KubernetesClientException e) {
      LOG.debug("pod {}/{}: {}", ns, name, e.toString());
    }
  }

  static boolean ready(Pod p) {
    return p.getStatus() != null
        && "Running".equals(p.getStatus().getPhase())
        && p.getStatus().getConditions() != null
        && p.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Override
  public void close() {
    informer.close();
    worker.shutdownNow();
  }
}
