package org.openeuler.nestos.operator.policy;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.PsiPressure;
import org.openeuler.nestos.api.v1alpha1.RubikPolicy;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.operator.core.pressure.EvictionThrottle;
import org.openeuler.nestos.operator.core.pressure.PsiEvictionPlanner;
import org.openeuler.nestos.operator.core.pressure.PsiEvictionPlanner.Candidate;
import org.openeuler.nestos.operator.events.EventReason;
import org.openeuler.nestos.operator.events.EventRecorder;
import org.openeuler.nestos.operator.ops.OperatorMetrics;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;
import org.openeuler.nestos.rubik.core.model.QosClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O edge of PSI eviction (RubikPolicy {@code features.psi}, mode Native): for each node of a
 * policy whose daemon reports fresh pressure ({@code status.rubik.pressure}), evicts one offline
 * pod ({@link PsiEvictionPlanner}) through the Eviction API, so PodDisruptionBudgets hold (a
 * refused pod is skipped for the next one), within the {@link EvictionThrottle}. Events on the
 * policy; metric {@code nestos_psi_evictions_total{policy,result}}.
 */
public final class PsiEvictions {
  private static final Logger LOG = LoggerFactory.getLogger(PsiEvictions.class);

  /** Candidates tried per node and pass when PodDisruptionBudgets refuse the first ones. */
  static final int TRIES_PER_NODE = 3;

  private final KubernetesClient client;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final EvictionThrottle throttle;
  private final Set<String> systemNamespaces;

  public PsiEvictions(
      KubernetesClient client,
      EventRecorder events,
      OperatorMetrics metrics,
      Clock clock,
      EvictionThrottle throttle,
      String operatorNamespace) {
    this.client = client;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
    this.throttle = throttle;
    this.systemNamespaces = operatorNamespace == null ? Set.of() : Set.of(operatorNamespace);
  }

  /**
   * Evicts where {@code rp}'s nodes report pressure; returns when to look again (the soonest a
   * throttled or still pressured node may lose its next pod), empty when no node is pressured.
   */
  public Optional<Duration> run(RubikPolicy rp, List<NodeState> nodeStates) {
    String policy = rp.getMetadata().getName();
    Instant now = clock.instant();
    Duration again = null;
    for (NodeState ns : nodeStates) {
      RubikProfile profile = ns.getSpec() == null ? null : ns.getSpec().rubikProfile();
      if (profile == null
          || !policy.equals(profile.policyRef())
          || !PsiEvictionPlanner.wanted(profile)) {
        continue;
      }
      PsiPressure pressure =
          ns.getStatus() == null || ns.getStatus().rubik() == null
              ? null
              : ns.getStatus().rubik().pressure();
      if (!PsiEvictionPlanner.fresh(pressure, now)) {
        continue;
      }
      String node = ns.getMetadata().getName();
      Optional<Duration> wait = throttle.wait(node, now);
      Duration next = wait.orElseGet(() -> evictOne(rp, node, profile, pressure, now));
      again = again == null || next.compareTo(again) < 0 ? next : again;
    }
    return Optional.ofNullable(again);
  }

  private Duration evictOne(
      RubikPolicy rp, String node, RubikProfile profile, PsiPressure pressure, Instant now) {
    List<Candidate> pods =
        client.pods().inAnyNamespace().withField("spec.nodeName", node).list().getItems().stream()
            .map(PsiEvictions::candidate)
            .toList();
    List<Candidate> victims = PsiEvictionPlanner.victims(pods, profile, systemNamespaces);
    String why =
        pressure.resource()
            + " pressure avg10 "
            + pressure.avg10()
            + " >= "
            + pressure.threshold()
            + " ("
            + pressure.source()
            + ")";
    if (victims.isEmpty()) {
      events.record(
          rp,
          EventReason.PsiEvictionBlocked,
          "node " + node + ": " + why + ", but no offline pod may be evicted there");
      count(rp, "none");
      return throttle.nodeCooldown();
    }
    for (Candidate c : victims.subList(0, Math.min(TRIES_PER_NODE, victims.size()))) {
      PodSnapshot p = c.snapshot();
      boolean evicted;
      try {
        evicted =
            client
                .pods()
                .inNamespace(p.namespace())
                .withName(p.name())
                .evict(
                    new EvictionBuilder()
                        .withNewMetadata()
                        .withName(p.name())
                        .withNamespace(p.namespace())
                        .endMetadata()
                        .build());
      } catch (KubernetesClientException e) {
        // gone since the list (404), or refused otherwise: the next candidate, not a failed
        // reconcile (the policy's status write must not wait for a pod)
        LOG.info(
            "rubikpolicy={} node={} evicting {}/{} failed: {} {}",
            rp.getMetadata().getName(),
            node,
            p.namespace(),
            p.name(),
            e.getCode(),
            e.getMessage());
        count(rp, e.getCode() == 404 ? "gone" : "error");
        continue;
      }
      if (evicted) {
        throttle.evicted(node, now);
        String msg = "evicted offline pod " + p.namespace() + "/" + p.name() + " from node " + node;
        LOG.info("rubikpolicy={} {}: {}", rp.getMetadata().getName(), msg, why);
        events.record(rp, EventReason.OfflinePodEvicted, msg + ": " + why);
        count(rp, "evicted");
        return throttle.nodeCooldown();
      }
      events.record(
          rp,
          EventReason.PsiEvictionBlocked,
          "node "
              + node
              + ": "
              + why
              + "; a PodDisruptionBudget refused evicting "
              + p.namespace()
              + "/"
              + p.name());
      count(rp, "blocked");
    }
    return throttle.nodeCooldown();
  }

  private void count(RubikPolicy rp, String result) {
    metrics.psiEviction(rp.getMetadata().getName(), result);
  }

  static Candidate candidate(Pod pod) {
    var meta = pod.getMetadata();
    var spec = pod.getSpec();
    String qos = pod.getStatus() == null ? null : pod.getStatus().getQosClass();
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    List<OwnerReference> owners =
        meta.getOwnerReferences() == null ? List.of() : meta.getOwnerReferences();
    boolean pinned =
        owners.stream().anyMatch(o -> "DaemonSet".equals(o.getKind()))
            || (meta.getAnnotations() != null
                && meta.getAnnotations().containsKey("kubernetes.io/config.mirror"));
    PodSnapshot snapshot =
        new PodSnapshot(
            meta.getUid(),
            meta.getNamespace(),
            meta.getName(),
            qos == null ? QosClass.BestEffort : qosOrBestEffort(qos),
            meta.getLabels() == null ? Map.of() : meta.getLabels(),
            meta.getAnnotations() == null ? Map.of() : meta.getAnnotations(),
            List.of(),
            phase == null ? "Pending" : phase,
            spec == null ? null : spec.getPriorityClassName(),
            spec == null ? null : spec.getPriority());
    Instant created =
        meta.getCreationTimestamp() == null
            ? Instant.EPOCH
            : Instant.parse(meta.getCreationTimestamp());
    return new Candidate(snapshot, created, meta.getDeletionTimestamp() != null, pinned);
  }

  private static QosClass qosOrBestEffort(String qos) {
    try {
      return QosClass.valueOf(qos);
    } catch (IllegalArgumentException e) {
      return QosClass.BestEffort;
    }
  }
}
