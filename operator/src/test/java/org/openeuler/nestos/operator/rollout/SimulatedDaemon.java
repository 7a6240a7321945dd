package org.openeuler.nestos.operator.rollout;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.NodeStateStatus;
import org.openeuler.nestos.api.v1alpha1.OwnedKernelArgument;

/**
 * Plays every node's daemon through NodeState status writes: claims a Reboot ticket
 * (acceptedTicket), "reboots" (new bootID) and reports the booted image, revision, kernel arguments
 * and Updated=True; a failing node instead reports lastFailedRevision with Degraded=True/RolledBack
 * (back on the old deployment). Stage grants are staged. With {@link #hold} set, claimed tickets
 * wait for {@link #releaseAll()} (wave-by-wave tests).
 */
final class SimulatedDaemon implements AutoCloseable {

  private final KubernetesClient client;
  private final Clock clock;
  private final ExecutorService worker;
  private final SharedIndexInformer<NodeState> informer;
  final Set<String> failing = ConcurrentHashMap.newKeySet();
  final Set<String> held = ConcurrentHashMap.newKeySet();

  /** Reboots per "node|revision" (forward and rollback). */
  final Map<String, AtomicInteger> reboots = new ConcurrentHashMap<>();

  /** Tickets claimed per node. */
  final Map<String, AtomicInteger> claims = new ConcurrentHashMap<>();

  final AtomicInteger updated = new AtomicInteger();

  /**
   * When each node claimed its ticket / reported back (System.nanoTime), for latency breakdowns.
   */
  final Map<String, Long> claimedAt = new ConcurrentHashMap<>();

  final Map<String, Long> reportedAt = new ConcurrentHashMap<>();
  volatile boolean hold;

  /** Simulated time from claim to the node reporting back (the "reboot"). */
  volatile java.time.Duration rebootDelay = java.time.Duration.ZERO;

  /**
   * Simulated time to stage a revision (pull and deploy the image): after a Stage grant, or before
   * the reboot of a node not staged yet (its remainder when staging is under way).
   */
  volatile java.time.Duration stageDelay = java.time.Duration.ZERO;

  /** When each node started staging (System.nanoTime), while it stages. */
  private final Map<String, Long> stagingSince = new ConcurrentHashMap<>();

  private final java.util.concurrent.ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sim-reboot");
            t.setDaemon(true);
            return t;
          });
  private final Set<String> busy = ConcurrentHashMap.newKeySet();

  SimulatedDaemon(KubernetesClient client, Clock clock) {
    this(client, clock, 4);
  }

  /**
   * @param workers daemons acting at once (the real ones are independent; benchmarks use many)
   */
  SimulatedDaemon(KubernetesClient client, Clock clock, int workers) {
    this.client = client;
    this.clock = clock;
    this.worker =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "sim-daemon");
              t.setDaemon(true);
              return t;
            });
    this.informer =
        client
            .resources(NodeState.class)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(NodeState ns) {
                    submit(ns);
                  }

                  @Override
                  public void onUpdate(NodeState before, NodeState ns) {
                    submit(ns);
                  }

                  @Override
                  public void onDelete(NodeState ns, boolean unknown) {}
                });
  }

  private void submit(NodeState ns) {
    Disruption d = ns.getSpec() == null ? null : ns.getSpec().disruption();
    if (d == null || d.allowed() == Disruption.Allowed.None) {
      return;
    }
    NodeStateStatus s = ns.getStatus();
    boolean claimable =
        d.allowed() == Disruption.Allowed.Reboot
            && s != null
            && !Objects.equals(d.ticket(), s.acceptedTicket())
            && Objects.equals(d.bootID(), s.bootID());
    boolean stageable =
        d.allowed() == Disruption.Allowed.Stage
            && s != null
            && !Objects.equals(d.revision(), s.stagedRevision());
    if ((claimable || stageable) && busy.add(ns.getMetadata().getName())) {
      worker.execute(
          () -> {
            try {
              handle(ns.getMetadata().getName());
            } finally {
              busy.remove(ns.getMetadata().getName());
            }
            NodeState latest = informer.getStore().getByKey(ns.getMetadata().getName());
            if (latest != null && latest != ns) {
              submit(latest);
            }
          });
    }
  }

  private void handle(String name) {
    NodeState ns = client.resources(NodeState.class).withName(name).get();
    if (ns == null || ns.getSpec() == null || ns.getStatus() == null) {
      return;
    }
    Disruption d = ns.getSpec().disruption();
    NodeStateStatus s = ns.getStatus();
    if (d.allowed() == Disruption.Allowed.Stage
        && !Objects.equals(d.revision(), s.stagedRevision())) {
      if (stageDelay.isZero()) {
        staged(name, d.revision(), ns.getMetadata().getResourceVersion());
      } else if (stagingSince.putIfAbsent(name, System.nanoTime()) == null) {
        timer.schedule(
            () -> worker.execute(() -> staged(name, d.revision(), null)),
            stageDelay.toMillis(),
            java.util.concurrent.TimeUnit.MILLISECONDS);
      }
      return;
    }
    if (d.allowed() != Disruption.Allowed.Reboot
        || Objects.equals(d.ticket(), s.acceptedTicket())
        || !Objects.equals(d.bootID(), s.bootID())) {
      return;
    }
    ObjectNode claim = status();
    claim.put("acceptedTicket", d.ticket());
    if (!patch(name, claim, ns.getMetadata().getResourceVersion())) {
      return; // 409: re-read on the next event
    }
    claims.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
    claimedAt.putIfAbsent(name, System.nanoTime());
    if (hold) {
      held.add(name);
      return;
    }
    long delay = rebootDelay.toMillis() + stageLeftMillis(name, d.revision(), s);
    if (delay > 0) {
      timer.schedule(
          () -> worker.execute(() -> reboot(name)),
          delay,
          java.util.concurrent.TimeUnit.MILLISECONDS);
      return;
    }
    reboot(name);
  }

  /** What is left of staging {@code revision} before the node can reboot into it. */
  private long stageLeftMillis(String name, String revision, NodeStateStatus s) {
    if (stageDelay.isZero() || Objects.equals(revision, s.stagedRevision())) {
      return 0;
    }
    Long since = stagingSince.get(name);
    if (since == null) {
      return stageDelay.toMillis();
    }
    return Math.max(0, stageDelay.toMillis() - (System.nanoTime() - since) / 1_000_000);
  }

  private void staged(String name, String revision, String resourceVersion) {
    ObjectNode st = status();
    st.put("stagedRevision", revision);
    try {
      patch(name, st, resourceVersion);
    } finally {
      stagingSince.remove(name);
    }
  }

  /** Finishes every held reboot. */
  void releaseAll() {
    for (String name : List.copyOf(held)) {
      held.remove(name);
      reboot(name);
    }
  }

  void reboot(String name) {
    NodeState ns = client.resources(NodeState.class).withName(name).get();
    NodeStateSpec spec = ns.getSpec();
    String revision = spec.disruption().revision();
    reboots.computeIfAbsent(name + "|" + revision, k -> new AtomicInteger()).incrementAndGet();
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    ObjectNode st = status();
    st.put("bootID", "boot-" + java.util.UUID.randomUUID());
    ArrayNode conditions = st.putArray("conditions");
    if (failing.contains(name)) {
      st.put("lastFailedRevision", revision);
      conditions
          .addObject()
          .put("type", "Updated")
          .put("status", "False")
          .put("reason", "RolledBack")
          .put("message", "health check failed; rolled back")
          .put("lastTransitionTime", now);
      conditions
          .addObject()
          .put("type", "Degraded")
          .put("status", "True")
          .put("reason", "RolledBack")
          .put("message", "health check failed; rolled back")
          .put("lastTransitionTime", now);
    } else {
      st.put("currentRevision", revision);
      st.putObject("deployments").putObject("booted").put("imageReference", spec.osImage());
      ArrayNode kargs = st.putArray("appliedKernelArguments");
      if (spec.kernelArguments() != null) {
        spec.kernelArguments().stream().map(OwnedKernelArgument::token).forEach(kargs::add);
      }
      conditions
          .addObject()
          .put("type", "Updated")
          .put("status", "True")
          .put("reason", "UpToDate")
          .put("message", "")
          .put("lastTransitionTime", now);
      updated.incrementAndGet();
    }
    patch(name, st, null);
    reportedAt.putIfAbsent(name, System.nanoTime());
  }

  private static ObjectNode status() {
    return Serialization.jsonMapper().createObjectNode();
  }

  private boolean patch(String name, ObjectNode status, String rv) {
    ObjectNode body = Serialization.jsonMapper().createObjectNode();
    if (rv != null) {
      body.putObject("metadata").put("resourceVersion", rv);
    }
    body.set("status", status);
    try {
      client
          .resources(NodeState.class)
          .withName(name)
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), body.toString());
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void close() {
    informer.close();
    timer.shutdownNow();
    worker.shutdownNow();
  }
}
