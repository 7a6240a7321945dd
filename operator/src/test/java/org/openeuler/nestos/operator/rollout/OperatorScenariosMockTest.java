package org.openeuler.nestos.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.rollout.RolloutWavesMockTest.sleepQuietly;
import static org.openeuler.nestos.operator.rollout.RuntimeHarness.await;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.NodeConfig;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.OSVersion;
import org.openeuler.nestos.apiserver.ApiFaults;
import org.openeuler.nestos.apiserver.TestApiServer;

/**
 * The whole operator (renderer + rollout + status, one replica) with simulated daemons: a node
 * re-created under the same name, OSVersion deletion mid-rollout, overlapping selectors, a selector
 * matching nothing, a kernel-argument-only NodeConfig on an updated pool, and the metrics a rollout
 * leaves on {@code /metrics}.
 */
class OperatorScenariosMockTest {

  static final Duration WAIT = Duration.ofSeconds(40);
  RuntimeHarness h;

  @BeforeEach
  void start() {
    h = new RuntimeHarness();
    h.startReplica("op");
    await(WAIT, "op leads", () -> "op".equals(h.leaseHolder()));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  boolean complete(String osv, int updated) {
    OSVersion o = h.osv(osv);
    return h.condition(osv, "Ready").equals("True/RolloutComplete")
        && o.getStatus().updatedNodes() == updated;
  }

  @Test
  void aNodeReCreatedWithTheSameNameNeverInheritsATicket() {
    reCreatedNodeGetsItsOwnTicket(DeletionPropagation.BACKGROUND);
  }

  /**
   * Kube's garbage collector is asynchronous: the old NodeState can still be there when the node
   * comes back.
   */
  @Test
  void aNodeReCreatedBeforeItsNodeStateWasCollectedNeverInheritsATicket() {
    reCreatedNodeGetsItsOwnTicket(DeletionPropagation.ORPHAN);
  }

  void reCreatedNodeGetsItsOwnTicket(DeletionPropagation propagation) {
    h.daemon.hold = true;
    h.nodes(3, "n");
    await(WAIT, "booted", () -> h.bootedNodes() == 3);
    h.osVersion("workers", "pool", "workers", "{\"maxUnavailable\":1}");
    await(WAIT, "first node claimed its ticket", () -> h.daemon.held.size() == 1);
    String name = h.daemon.held.iterator().next();
    NodeState before = h.nodeState(name);
    String oldTicket = before.getSpec().disruption().ticket();
    String oldUid = before.getSpec().nodeUID();

    // the machine is replaced: its daemon is gone, the Node is deleted and registers again under
    // the same name
    h.daemon.held.remove(name);
    h.admin.nodes().withName(name).withPropagationPolicy(propagation).delete();
    await(WAIT, "node gone", () -> h.admin.nodes().withName(name).get() == null);
    h.node(name, Map.of("pool", "workers"));
    String newUid = h.admin.nodes().withName(name).get().getMetadata().getUid();
    await(
        WAIT,
        "NodeState rendered for the new node",
        () -> {
          NodeState ns = h.nodeState(name);
          return ns != null && newUid.equals(ns.getSpec().nodeUID());
        });
    NodeState adopted = h.nodeState(name);
    assertThat(
            adopted.getSpec().disruption() == null ? null : adopted.getSpec().disruption().ticket())
        .as("the new node's NodeState carries no ticket of the old node")
        .isNotEqualTo(oldTicket);

    h.daemon.hold = false;
    h.awaitOrDump(
        WAIT,
        "rollout complete",
        () -> {
          h.daemon
              .releaseAll(); // a claim that saw hold=true just before it changed may still land in
          // held
          return complete("workers", 3);
        });
    NodeState after = h.nodeState(name);
    System.out.printf(
        "re-created %s (%s): old uid %s ticket %s, new uid %s ticket %s, status bootID %s%n",
        name,
        propagation,
        oldUid,
        oldTicket,
        newUid,
        after.getStatus().acceptedTicket(),
        after.getStatus().bootID());
    // the new node's update ran under its own ticket, and the grant ended with it (cleared, or
    // inert until the next render that writes the NodeState: bound to the revision reached)
    assertThat(after.getStatus().acceptedTicket()).isNotNull().isNotEqualTo(oldTicket);
    Disruption grant = after.getSpec().disruption();
    if (grant.allowed() != Disruption.Allowed.None) {
      assertThat(grant.revision()).isEqualTo(after.getStatus().currentRevision());
      assertThat(grant.ticket()).isEqualTo(after.getStatus().acceptedTicket());
    }
    assertThat(h.foreignTickets).isEmpty();
    assertThat(h.reissuedTickets()).isEmpty();
    assertThat(h.maxUnavailable.get()).isEqualTo(1);
    assertThat(after.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(newUid));
  }

  @Test
  void osVersionDeletedMidRolloutLetsInFlightNodesFinishStartsNothingAndUncordons() {
    h.daemon.hold = true;
    h.nodes(4, "n");
    await(WAIT, "booted", () -> h.bootedNodes() == 4);
    h.osVersion("workers", "pool", "workers", "{\"maxUnavailable\":2}");
    await(WAIT, "wave 1 claimed", () -> h.daemon.held.size() == 2);
    Set<String> wave1 = new TreeSet<>(h.daemon.held);

    h.admin.resources(OSVersion.class).withName("workers").delete();
    await(
        WAIT,
        "deletion pending",
        () -> h.osv("workers").getMetadata().getDeletionTimestamp() != null);
    sleepQuietly(1500);
    assertThat(h.osv("workers")).as("the finalizer holds it while nodes reboot").isNotNull();
    assertThat(h.grantedNodes()).isEqualTo(2);
    assertThat(h.cordoned.keySet()).isEqualTo(wave1);

    h.daemon.releaseAll();
    await(WAIT, "OSVersion gone", () -> h.osv("workers") == null);
    await(WAIT, "all uncordoned", () -> h.cordoned.isEmpty());
    System.out.printf(
        "deletion: wave1=%s reboots=%s maxUnavailable=%d%n",
        wave1, h.daemon.reboots, h.maxUnavailable.get());
    assertThat(h.daemon.reboots.keySet())
        .extracting(k -> k.substring(0, k.indexOf('|')))
        .containsExactlyInAnyOrderElementsOf(wave1);
    assertThat(h.maxUnavailable.get()).isEqualTo(2);
    sleepQuietly(1000);
    assertThat(h.cordoned).isEmpty();
    assertThat(h.daemon.claims.keySet()).isEqualTo(wave1);
  }

  /**
   * Chaos seed 133 (docs/chaos.md): a node that never comes back from its reboot holds the deletion
   * (it is uncordoned when it returns); the status says which node and why, and deleting its Node
   * object (the machine is gone) lets the finalizer go.
   */
  @Test
  void aDeletionHeldByANodeThatNeverCameBackSaysSoAndEndsOnceItsNodeIsDeleted() {
    h.daemon.hold = true;
    h.nodes(2, "n");
    await(WAIT, "booted", () -> h.bootedNodes() == 2);
    h.osVersion("workers", "pool", "workers", "{\"maxUnavailable\":1}");
    await(WAIT, "wave 1 claimed", () -> h.daemon.held.size() == 1);
    String down = h.daemon.held.iterator().next();
    h.admin
        .nodes()
        .withName(down)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\","
                + "\"reason\":\"KubeletNotReady\",\"lastTransitionTime\":\""
                + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + "\"}]}}");

    h.admin.resources(OSVersion.class).withName("workers").delete();
    h.awaitOrDump(
        WAIT,
        "the status says why the deletion waits",
        () -> h.condition("workers", "Ready").equals("False/Deleting"));
    String message = h.conditionMessage("workers", "Ready");
    System.out.printf("deletion held by %s: %s%n", down, message);
    assertThat(message)
        .startsWith("deletion waits for 1 node(s) with work in flight: " + down + " (rebooting,")
        .contains("NotReady since");
    assertThat(h.condition("workers", "Reconciling")).isEqualTo("True/Deleting");
    assertThat(h.cordoned.keySet()).as("nothing new started").containsExactly(down);

    h.admin.nodes().withName(down).delete();
    await(WAIT, "OSVersion gone once the Node is", () -> h.osv("workers") == null);
    assertThat(h.daemon.claims.keySet()).containsExactly(down);
  }

  /**
   * Chaos seed 443 (docs/chaos.md): the cleanup of a deleted OSVersion whose uncordon the API
   * server refused runs again within seconds, not at the next 30 s resync (nothing else triggers it
   * once the nodes are quiet).
   */
  @Test
  void aDeletionWhoseUncordonWasRefusedRetriesItPromptly() {
    TestApiServer server = h.backend.standIn().orElse(null);
    Assumptions.assumeTrue(server != null, "API faults are injected by the stand-in");
    AtomicBoolean refusing = new AtomicBoolean();
    AtomicInteger refused = new AtomicInteger();
    server.faults(
        r -> {
          if (refusing.get()
              && r.mutating()
              && r.path().startsWith("/api/v1/nodes/")
              && r.userAgent().startsWith("nestos-operator-")) {
            refused.incrementAndGet();
            return new ApiFaults.Fault.Respond(503, "ServiceUnavailable");
          }
          return ApiFaults.Fault.PASS;
        });
    h.daemon.hold = true;
    h.nodes(2, "n");
    await(WAIT, "booted", () -> h.bootedNodes() == 2);
    h.osVersion("workers", "pool", "workers", "{\"maxUnavailable\":1}");
    await(WAIT, "wave 1 claimed", () -> h.daemon.held.size() == 1);
    Set<String> wave1 = new TreeSet<>(h.daemon.held);

    refusing.set(true);
    h.admin.resources(OSVersion.class).withName("workers").delete();
    h.daemon.releaseAll();
    await(WAIT, "the cleanup's uncordon refused", () -> refused.get() > 0);
    sleepQuietly(1000);
    refusing.set(false);
    long lifted = System.nanoTime();
    await(WAIT, "uncordoned", () -> h.cordoned.isEmpty());
    await(WAIT, "OSVersion gone", () -> h.osv("workers") == null);
    double seconds = (System.nanoTime() - lifted) / 1e9;
    System.out.printf(
        "deletion under refused uncordons: wave1=%s refused=%d, done %.1f s after%n",
        wave1, refused.get(), seconds);
    assertThat(seconds).as("seconds after the API accepted writes again").isLessThan(15);
  }

  @Test
  void overlappingSelectorsMoveNoneOfTheSharedNodesAndStallBoth() {
    h.nodes(2, "n");
    h.node("e0", Map.of("pool", "workers", "tier", "edge"));
    h.node("e1", Map.of("pool", "workers", "tier", "edge"));
    await(WAIT, "booted", () -> h.bootedNodes() == 4);
    h.osVersion("workers", "pool", "workers", "{\"maxUnavailable\":2}");
    h.osVersion("edge", "tier", "edge", "{\"maxUnavailable\":2}");

    await(
        WAIT,
        "both stalled on the overlap",
        () ->
            h.condition("workers", "Stalled").equals("True/SelectorOverlap")
                && h.condition("edge", "Stalled").equals("True/SelectorOverlap"));
    await(WAIT, "the other nodes updated", () -> h.daemon.updated.get() == 2);
    sleepQuietly(1500);
    System.out.printf(
        "overlap: workers=%s edge=%s reboots=%s%n",
        h.osv("workers").getStatus(),
        h.osv("edge").getStatus().conditions(),
        h.daemon.reboots.keySet());
    assertThat(h.daemon.reboots.keySet())
        .extracting(k -> k.substring(0, k.indexOf('|')))
        .containsExactlyInAnyOrder("n0", "n1");
    assertThat(h.maxUnavailable.get()).isLessThanOrEqualTo(2);
    for (String shared : new String[] {"e0", "e1"}) {
      NodeState ns = h.nodeState(shared);
      assertThat(ns.getSpec().osImage()).as("moved by none").isNull();
      assertThat(h.admin.nodes().withName(shared).get().getSpec().getUnschedulable())
          .isNotEqualTo(Boolean.TRUE);
    }
    assertThat(h.admin.v1().events().inNamespace("default").list().getItems())
        .filteredOn(e -> "SelectorOverlap".equals(e.getReason()))
        .extracting(e -> e.getInvolvedObject().getName())
        .contains("workers", "edge");
    // issue 11, item 6: kubectl wait --for=condition=Ready must not succeed on a stalled OSVersion
    // (edge targets no node but its overlapped ones: it was Ready=True/NoTargets; workers was
    // Ready=True/RolloutComplete once its other nodes were updated)
    assertThat(h.condition("edge", "Ready")).isEqualTo("False/SelectorOverlap");
    assertThat(h.condition("workers", "Ready")).startsWith("False/");
  }

  @Test
  void selectorMatchingNothingIsReadyWithNoTargetsAndTouchesNoNode() {
    h.nodes(2, "n");
    await(WAIT, "booted", () -> h.bootedNodes() == 2);
    h.backend.resetCounts();
    h.osVersion("nothing", "pool", "none", "{\"maxUnavailable\":1}");
    await(WAIT, "Ready/NoTargets", () -> h.condition("nothing", "Ready").equals("True/NoTargets"));
    sleepQuietly(1000);
    OSVersion o = h.osv("nothing");
    assertThat(o.getStatus().targetNodes()).isZero();
    assertThat(o.getStatus().observedGeneration()).isEqualTo(o.getMetadata().getGeneration());
    Map<String, Long> writes = h.backend.writes("nestos-operator-op");
    assertThat(writes.keySet())
        .as("the operator's writes: " + writes)
        .noneMatch(r -> r.startsWith("nodestates") || r.equals("nodes"));
    assertThat(h.maxUnavailable.get()).isZero();
  }

  @Test
  void
      kernelArgumentOnlyNodeConfigOnAnUpdatedPoolRebootsEachNodeOnceWithinTheBudgetAndMetricsAreExported() {
    h.nodes(4, "n");
    await(WAIT, "booted", () -> h.bootedNodes() == 4);
    h.osVersion("workers", "pool", "workers", "{\"maxUnavailable\":2}");
    await(WAIT, "image rollout complete", () -> complete("workers", 4));
    await(WAIT, "all uncordoned", () -> h.cordoned.isEmpty());
    String imageRevision = h.nodeState("n0").getSpec().revision();
    h.maxUnavailable.set(0);

    h.admin
        .resources(NodeConfig.class)
        .resource(
            Serialization.unmarshal(
                """
        {"apiVersion":"nestos.openeuler.org/v1alpha1","kind":"NodeConfig","metadata":{"name":"nosmt"},
         "spec":{"nodeSelector":{"matchLabels":{"pool":"workers"}},"kernelArguments":["nosmt"]}}""",
                NodeConfig.class))
        .create();
    await(
        WAIT,
        "kernel argument rendered",
        () -> !h.nodeState("n0").getSpec().revision().equals(imageRevision));
    String kargsRevision = h.nodeState("n0").getSpec().revision();
    await(
        WAIT,
        "kernel arguments applied everywhere",
        () ->
            h.daemon.reboots.keySet().stream().filter(k -> k.endsWith("|" + kargsRevision)).count()
                    == 4
                && complete("workers", 4));
    await(WAIT, "all uncordoned", () -> h.cordoned.isEmpty());
    System.out.printf(
        "kargs NodeConfig: reboots=%s maxUnavailable=%d%n",
        h.daemon.reboots, h.maxUnavailable.get());
    assertThat(h.daemon.reboots)
        .hasSize(8)
        .allSatisfy((k, v) -> assertThat(v.get()).as(k).isEqualTo(1));
    assertThat(h.maxUnavailable.get()).isBetween(1, 2);
    assertThat(h.nodeState("n3").getStatus().appliedKernelArguments()).containsExactly("nosmt");
    assertThat(h.reissuedTickets()).isEmpty();

    // the gauges follow the operator's own passes: the status read above may still be the one it
    // wrote before the
    // last node's reboot, so wait for the pass that sees all four updated
    await(
        WAIT,
        "gauges settle",
        () ->
            h.metrics("op")
                .contains("nestos_osversion_nodes{osversion=\"workers\",state=\"updated\"} 4.0"));
    String metrics = h.metrics("op");
    for (String state : new String[] {"targeted", "updated", "failed", "unavailable"}) {
      assertThat(metrics)
          .contains("nestos_osversion_nodes{osversion=\"workers\",state=\"" + state + "\"}");
    }
    assertThat(metrics)
        .contains("nestos_osversion_nodes{osversion=\"workers\",state=\"updated\"} 4.0")
        .contains("nestos_tickets_granted_total{osversion=\"workers\"} 8.0")
        .contains("nestos_drain_duration_seconds_count{osversion=\"workers\"}")
        .contains("nestos_rollout_duration_seconds_count{osversion=\"workers\"}")
        .containsPattern("operator_sdk_reconciliations_[a-z_]+\\{");
  }
}
