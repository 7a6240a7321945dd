package org.openeuler.nestos.controlplane;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Removes what a previous test left on the shared control plane: the project's custom resources
 * (finalizers stripped first: no operator is running to release them), every Node, and Pods,
 * PodDisruptionBudgets, ReplicaSets, Deployments, Leases and Events in the given namespaces. Pods
 * are deleted with a zero grace period: there is no kubelet to finish a graceful deletion.
 */
final class ClusterReset {

  static final String API_VERSION = "nestos.openeuler.org/v1alpha1";
  static final List<String> PROJECT_KINDS =
      List.of("OSVersion", "NodeConfig", "RubikPolicy", "NodeState");

  private ClusterReset() {}

  static void run(KubernetesClient admin, List<String> namespaces, Duration timeout) {
    for (String kind : PROJECT_KINDS) {
      var resources = admin.genericKubernetesResources(API_VERSION, kind);
      for (GenericKubernetesResource r : resources.list().getItems()) {
        if (r.getMetadata().getFinalizers() != null && !r.getMetadata().getFinalizers().isEmpty()) {
          try {
            resources
                .withName(r.getMetadata().getName())
                .patch(
                    PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
          } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
              throw e;
            }
          }
        }
      }
      resources.delete();
    }
    admin.nodes().delete();
    for (String ns : namespaces) {
      admin.pods().inNamespace(ns).withGracePeriod(0).delete();
      admin.policy().v1().podDisruptionBudget().inNamespace(ns).delete();
      admin.apps().replicaSets().inNamespace(ns).delete();
      admin.apps().deployments().inNamespace(ns).delete();
      admin.leases().inNamespace(ns).delete();
      admin.v1().events().inNamespace(ns).delete();
    }
    await(
        timeout,
        () ->
            PROJECT_KINDS.stream()
                    .allMatch(
                        k ->
                            admin
                                .genericKubernetesResources(API_VERSION, k)
                                .list()
                                .getItems()
                                .isEmpty())
                && admin.nodes().list().getItems().isEmpty()
                && namespaces.stream()
                    .allMatch(ns -> admin.pods().inNamespace(ns).list().getItems().isEmpty()));
  }

  private static void await(Duration timeout, BooleanSupplier done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the control plane still holds objects of a previous test after " + timeout);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
