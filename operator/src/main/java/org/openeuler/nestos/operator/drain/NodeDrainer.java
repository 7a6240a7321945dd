package org.openeuler.nestos.operator.drain;

import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openeuler.nestos.operator.core.drain.DrainDecision;
import org.openeuler.nestos.operator.core.drain.DrainOptions;
import org.openeuler.nestos.operator.core.drain.DrainPod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains a node (docs/design.md §4.4): decide, preflight every eviction with {@code dryRun}, and
 * only then cordon and evict through the Eviction API (PodDisruptionBudgets respected; 429 retried
 * with backoff until the timeout). On timeout the pods are deleted when {@code
 * disableEvictionAfterTimeout} says so; otherwise the node is uncordoned and the drain reported
 * blocked, to be retried later. Time comes from the injected clock and sleeper.
 */
public final class NodeDrainer {

  private static final Logger LOG = LoggerFactory.getLogger(NodeDrainer.class);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final int HTTP_NOT_FOUND = 404;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(16);

  /** Attempts of one drain when the API fails transiently. */
  static final int API_ATTEMPTS = 4;

  private final KubernetesClient client;
  private final NodeCordon cordon;
  private final Clock clock;
  private final Sleeper sleeper;
  private final boolean podDeletion;

  public NodeDrainer(KubernetesClient client, Clock clock, Sleeper sleeper) {
    this(client, clock, sleeper, true);
  }

  /**
   * @param podDeletion whether this installation lets a drain delete pods at its timeout ({@link
   *     org.openeuler.nestos.operator.OperatorConfig#drainPodDeletion()}); off, an OSVersion's
   *     {@code disableEvictionAfterTimeout} drain ends blocked, as without it, with a reason saying
   *     why
   */
  public NodeDrainer(KubernetesClient client, Clock clock, Sleeper sleeper, boolean podDeletion) {
    this.client = client;
    this.cordon = new NodeCordon(client);
    this.clock = clock;
    this.sleeper = sleeper;
    this.podDeletion = podDeletion;
  }

  public NodeCordon cordon() {
    return cordon;
  }

  /**
   * Drains {@code nodeName} for {@code revision}. A transient API failure (a reset connection, 409,
   * 429 or 5xx) starts the attempt over, {@value #API_ATTEMPTS} attempts in all with a doubling
   * delay, before it is reported: the chaos runner (docs/chaos.md) found one failed list of pods
   * blocking a node for the whole drain backoff.
   */
  public DrainResult drain(String nodeName, String revision, DrainOptions options)
      throws InterruptedException {
    return drain(nodeName, null, revision, options);
  }

  /**
   * {@link #drain(String, String, DrainOptions)} starting from {@code cached}, the informer's copy
   * of the node (null: read it): the first attempt cordons it without reading it first, the cordon
   * being tested on its resourceVersion ({@link NodeCordon#cordon}); a retry reads the node.
   */
  public DrainResult drain(String nodeName, Node cached, String revision, DrainOptions options)
      throws InterruptedException {
    Duration backoff = FIRST_BACKOFF;
    Instant deadline = clock.instant().plus(options.timeout());
    boolean[] cordoned = {false};
    for (int attempt = 1; ; attempt++) {
      try {
        return drainOnce(
            nodeName, attempt == 1 ? cached : null, revision, options, deadline, cordoned);
      } catch (KubernetesClientException e) {
        if (e.getCode() == HTTP_NOT_FOUND) {
          return new DrainResult.NodeGone(); // deleted since the cache saw it
        }
        if (attempt >= API_ATTEMPTS || !transientFailure(e)) {
          throw e;
        }
        LOG.info(
            "node {} revision {}: drain attempt {} failed on the API ({}), again in {}",
            nodeName,
            revision,
            attempt,
            e.getCode() == 0 ? String.valueOf(e.getMessage()) : "HTTP " + e.getCode(),
            backoff);
        sleeper.sleep(backoff);
        backoff = backoff.multipliedBy(2);
      }
    }
  }

  /** A failure worth trying again: no answer (code 0), a conflict, 429 or a server error. */
  static boolean transientFailure(KubernetesClientException e) {
    int code = e.getCode();
    return code == 0 || code == 409 || code == 429 || code >= 500;
  }

  /**
   * One attempt; evictions are retried until {@code deadline} (the drain's, not the attempt's).
   * {@code cordoned[0]}: an earlier attempt cordoned the node. If the node is no longer cordoned
   * for {@code revision} then, the rollout released it meanwhile (its update ended, the target
   * moved, the rollout halted): the attempt stops instead of cordoning it again behind the
   * planner's back (chaos seed 356, docs/chaos.md: two nodes cordoned under a cap of one).
   */
  private DrainResult drainOnce(
      String nodeName,
      Node cached,
      String revision,
      DrainOptions options,
      Instant deadline,
      boolean[] cordoned)
      throws InterruptedException {
    Node node = cached != null ? cached : client.nodes().withName(nodeName).get();
    if (node == null) {
      return new DrainResult.NodeGone();
    }
    if (cordoned[0] && !revision.equals(NodeCordon.cordonedFor(node))) {
      LOG.info("node {} revision {}: released while its drain was retried", nodeName, revision);
      return new DrainResult.Blocked(
          List.of(nodeName + ": uncordoned while its drain was retried"), false);
    }
    DrainDecision decision = DrainDecision.of(podsOn(nodeName), options);
    if (decision.blocked()) {
      LOG.info(
          "node {} revision {}: drain blocked before cordon: {}",
          nodeName,
          revision,
          decision.blockers());
      return DrainResult.blockedBefore(decision.blockers());
    }
    List<String> refused =
        decision.evict().stream().filter(p -> !evict(p, options, true)).map(DrainPod::key).toList();
    if (!refused.isEmpty()) {
      LOG.info(
          "node {} revision {}: eviction preflight refused for {}", nodeName, revision, refused);
      return new DrainResult.Blocked(
          refused.stream()
              .map(p -> p + ": a PodDisruptionBudget allows no disruption now")
              .toList(),
          false);
    }
    boolean cordonedByUs = cordon.cordon(node, revision);
    cordoned[0] |= cordonedByUs;
    List<DrainPod> pending = new ArrayList<>(decision.evict());
    List<String> evicted = new ArrayList<>();
    Duration backoff = FIRST_BACKOFF;
    while (true) {
      for (DrainPod pod : List.copyOf(pending)) {
        if (evict(pod, options, false)) {
          pending.remove(pod);
          evicted.add(pod.key());
        }
      }
      if (pending.isEmpty()) {
        return new DrainResult.Drained(evicted, keys(decision.skip()), false);
      }
      if (!clock.instant().isBefore(deadline)) {
        break;
      }
      sleeper.sleep(backoff);
      backoff =
          backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
              ? MAX_BACKOFF
              : backoff.multipliedBy(2);
    }
    String why = ": eviction refused until the drain timeout";
    if (options.disableEvictionAfterTimeout() && !podDeletion) {
      why +=
          " (disableEvictionAfterTimeout asks to delete it, which this installation does not"
              + " allow: the chart's operator.drain.allowPodDeletion is false)";
    } else if (options.disableEvictionAfterTimeout()) {
      try {
        for (DrainPod pod : List.copyOf(pending)) {
          client.pods().inNamespace(pod.namespace()).withName(pod.name()).delete();
          evicted.add(pod.key());
          pending.remove(pod);
        }
        LOG.info(
            "node {} revision {}: deleted {} after the eviction timeout",
            nodeName,
            revision,
            keys(decision.evict().stream().filter(p -> !pending.contains(p)).toList()));
        return new DrainResult.Drained(evicted, keys(decision.skip()), true);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 403) {
          throw e;
        }
        why +=
            " (disableEvictionAfterTimeout: the apiserver refused the operator's pod delete: "
                + e.getStatus().getMessage()
                + "; the chart grants it with operator.drain.allowPodDeletion=true)";
      }
    }
    if (cordonedByUs) {
      cordon.uncordon(nodeName);
    }
    LOG.info(
        "node {} revision {}: drain timed out, still refused: {}",
        nodeName,
        revision,
        keys(pending));
    String reason = why;
    return new DrainResult.Blocked(pending.stream().map(p -> p.key() + reason).toList(), true);
  }

  private boolean evict(DrainPod pod, DrainOptions options, boolean dryRun) {
    EvictionBuilder eviction =
        new EvictionBuilder()
            .withNewMetadata()
            .withName(pod.name())
            .withNamespace(pod.namespace())
            .endMetadata();
    if (dryRun || options.gracePeriodSeconds() != null) {
      eviction.withDeleteOptions(
          new DeleteOptionsBuilder()
              .withDryRun(dryRun ? List.of("All") : null)
              .withGracePeriodSeconds(
                  options.gracePeriodSeconds() == null
                      ? null
                      : options.gracePeriodSeconds().longValue())
              .build());
    }
    Eviction built = eviction.build();
    return client.pods().inNamespace(pod.namespace()).withName(pod.name()).evict(built);
  }

  private List<DrainPod> podsOn(String nodeName) {
    return client
        .pods()
        .inAnyNamespace()
        .withField("spec.nodeName", nodeName)
        .list()
        .getItems()
        .stream()
        .map(NodeDrainer::toDrainPod)
        .toList();
  }

  static DrainPod toDrainPod(Pod pod) {
    List<String> controllers =
        pod.getMetadata().getOwnerReferences() == null
            ? List.of()
            : pod.getMetadata().getOwnerReferences().stream()
                .filter(r -> Boolean.TRUE.equals(r.getController()))
                .map(OwnerReference::getKind)
                .toList();
    Map<String, String> annotations =
        pod.getMetadata().getAnnotations() == null ? Map.of() : pod.getMetadata().getAnnotations();
    boolean emptyDir =
        pod.getSpec() != null
            && pod.getSpec().getVolumes() != null
            && pod.getSpec().getVolumes().stream().anyMatch(v -> v.getEmptyDir() != null);
    return new DrainPod(
        pod.getMetadata().getNamespace(),
        pod.getMetadata().getName(),
        pod.getMetadata().getLabels(),
        controllers,
        annotations.containsKey("kubernetes.io/config.mirror"),
        emptyDir,
        pod.getStatus() == null ? "" : pod.getStatus().getPhase());
  }

  private static List<String> keys(List<DrainPod> pods) {
    return pods.stream().map(DrainPod::key).toList();
  }
}
