package org.openeuler.nestos.apiserver.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openeuler.nestos.apiserver.TestApiServer;

/**
 * How fast the test API server takes the writes a 5,000-node rollout produces, so simulator
 * benchmarks measure the operator and not this server. Creates N NodeStates (full schema + CEL
 * admission), patches each one's status, and waits until an informer has seen every patch. Run:
 * {@code scripts/bench-apiserver [nodes]}.
 */
public final class ApiServerBenchmark {

  private ApiServerBenchmark() {}

  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    try (TestApiServer server = TestApiServer.start();
        KubernetesClient client =
            new KubernetesClientBuilder().withConfig(server.clientConfig()).build()) {
      var nodeStates =
          client.genericKubernetesResources("nestos.openeuler.org/v1alpha1", "NodeState");
      CountDownLatch patched = new CountDownLatch(nodes);
      SharedIndexInformer<GenericKubernetesResource> informer =
          nodeStates.inform(
              new ResourceEventHandler<>() {
                @Override
                public void onAdd(GenericKubernetesResource obj) {}

                @Override
                public void onUpdate(
                    GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                  if (newObj.get("status") != null) {
                    patched.countDown();
                  }
                }

                @Override
                public void onDelete(
                    GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {}
              });

      long t0 = System.nanoTime();
      for (int i = 0; i < nodes; i++) {
        String name = String.format(Locale.ROOT, "node-%05d", i);
        GenericKubernetesResource state = new GenericKubernetesResource();
        state.setApiVersion("nestos.openeuler.org/v1alpha1");
        state.setKind("NodeState");
        state.setMetadata(
            new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
        state.setAdditionalProperty(
            "spec",
            Map.of(
                "nodeName",
                name,
                "revision",
                "r1",
                "osImage",
                "registry.example.com/nestos@sha256:" + "a".repeat(64)));
        nodeStates.resource(state).create();
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < nodes; i++) {
        String name = String.format(Locale.ROOT, "node-%05d", i);
        nodeStates
            .withName(name)
            .subresource("status")
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"status\":{\"bootID\":\"boot-" + i + "\",\"currentRevision\":\"r1\"}}");
      }
      long t2 = System.nanoTime();
      boolean seen = patched.await(120, TimeUnit.SECONDS);
      long t3 = System.nanoTime();
      informer.close();

      Runtime rt = Runtime.getRuntime();
      System.gc();
      long heapMiB = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
      System.out.printf(Locale.ROOT, "nodes=%d%n", nodes);
      System.out.printf(
          Locale.ROOT,
          "create (admission incl. CEL): %.0f objects/s (%.1f s)%n",
          nodes / secs(t0, t1),
          secs(t0, t1));
      System.out.printf(
          Locale.ROOT,
          "status merge patch: %.0f patches/s (%.1f s)%n",
          nodes / secs(t1, t2),
          secs(t1, t2));
      System.out.printf(
          Locale.ROOT,
          "informer saw all patches: %s, %.2f s after the last patch returned%n",
          seen,
          secs(t2, t3));
      System.out.printf(
          Locale.ROOT, "heap used after GC (server + client in one JVM): %d MiB%n", heapMiB);
      System.out.printf(
          Locale.ROOT, "writes counted by /debug/requests: %d%n", server.requests().writes(""));
    }
  }

  private static double secs(long from, long to) {
    return (to - from) / 1e9;
  }
}
