package org.openeuler.nestos.daemon.agent;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.ConditionType;
import org.openeuler.nestos.api.v1alpha1.NodeKernel;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.NodeStateStatus;
import org.openeuler.nestos.api.v1alpha1.RubikSummary;
import org.openeuler.nestos.api.v1alpha1.SysctlSummary;
import org.openeuler.nestos.daemon.core.events.ConditionEvents;
import org.openeuler.nestos.daemon.kube.EventBody;
import org.openeuler.nestos.daemon.kube.KubeApiException;
import org.openeuler.nestos.daemon.kube.NodeApi;
import org.openeuler.nestos.daemon.update.StatusSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of this node's {@code NodeState.status}: merges the update machine's fields with
 * the live-config summaries (sysctls, rubik) and {@code agentVersion}, keeps each condition's
 * {@code lastTransitionTime} while its status holds, and writes through the status subresource only
 * when the merged status differs from the last one written (no heartbeat). A ticket claim is a
 * status update carrying the resourceVersion the machine read: a 409 returns false (the caller
 * re-reads).
 */
public final class StatusWriter implements StatusSink {

  private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);
  private static final int MAX_RETRIES = 5;

  /** Live-config fault that makes the node Degraded even when its OS update is fine. */
  public record LiveFault(ConditionReason reason, String message) {}

  private final NodeApi api;
  private final String node;
  private final String agentVersion;
  private final Clock clock;
  private final Supplier<NodeState> cached;
  private final Runnable onWrite;

  private NodeStateStatus update;
  private SysctlSummary sysctls;
  private RubikSummary rubik;
  private LiveFault fault;
  private String drifted;
  private NodeKernel kernel;
  private NodeStateStatus written;
  private long writes;

  /**
   * @param cached the NodeState as the informer last saw it (null when absent)
   * @param onWrite called after each status write (metrics)
   */
  public StatusWriter(
      NodeApi api,
      String node,
      String agentVersion,
      Clock clock,
      Supplier<NodeState> cached,
      Runnable onWrite) {
    this.api = api;
    this.node = node;
    this.agentVersion = agentVersion;
    this.clock = clock;
    this.cached = cached;
    this.onWrite = onWrite == null ? () -> {} : onWrite;
  }

  @Override
  public synchronized boolean claimTicket(String ticket, String resourceVersion) {
    NodeState base = cached.get();
    if (base == null) {
      base = api.nodeState(node);
      if (base == null) {
        return false;
      }
    }
    NodeStateStatus prev = update == null ? empty() : update;
    NodeStateStatus withTicket =
        new NodeStateStatus(
            null,
            prev.bootID(),
            prev.currentRevision(),
            prev.stagedRevision(),
            prev.lastFailedRevision(),
            ticket,
            prev.deployments(),
            prev.appliedKernelArguments(),
            null,
            null,
            prev.healthChecks(),
            prev.conditions());
    NodeStateStatus next = merge(withTicket, base);
    NodeState body = copy(base, resourceVersion, next);
    try {
      api.replaceNodeStateStatus(body);
    } catch (KubeApiException e) {
      if (e.code() == 409) {
        LOG.info(
            "node={} ticket={} claim conflict (resourceVersion {}), re-reading",
            node,
            ticket,
            resourceVersion);
        return false;
      }
      throw e;
    }
    update = withTicket;
    written = next;
    writes++;
    onWrite.run();
    LOG.info("node={} ticket={} claimed", node, ticket);
    return true;
  }

  @Override
  public synchronized void report(NodeStateStatus status) {
    update = status;
    flush();
  }

  /**
   * The live-config part (sysctl and rubik summaries, a fault, drifted keys), then a write if
   * anything changed.
   */
  public synchronized void live(
      SysctlSummary sysctl, RubikSummary rubikSummary, LiveFault liveFault, String driftedMessage) {
    liveDeferred(sysctl, rubikSummary, liveFault, driftedMessage);
    flush();
  }

  /** The live-config part, written by the next {@link #flush()} (or any other write). */
  public synchronized void liveDeferred(
      SysctlSummary sysctl, RubikSummary rubikSummary, LiveFault liveFault, String driftedMessage) {
    this.sysctls = sysctl;
    this.rubik = rubikSummary;
    this.fault = liveFault;
    this.drifted = driftedMessage;
  }

  /** What the kernel offers (probed at start); written with the next status. */
  public synchronized void kernel(NodeKernel facts) {
    this.kernel = facts;
    flush();
  }

  /** Forgets what was written (the NodeState was deleted; a new one starts from scratch). */
  public synchronized void reset() {
    written = null;
  }

  public synchronized long writes() {
    return writes;
  }

  /** Writes the merged status if it differs from the last write; retries 409s by re-reading. */
  public synchronized void flush() {
    NodeState seen = cached.get();
    if (seen == null) {
      return;
    }
    NodeStateStatus next = merge(update == null ? empty() : update, seen);
    if (next.equals(written)) {
      return;
    }
    NodeState current = seen;
    for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
      try {
        api.replaceNodeStateStatus(copy(current, current.getMetadata().getResourceVersion(), next));
        List<Condition> before =
            written != null
                ? written.conditions()
                : current.getStatus() == null ? null : current.getStatus().conditions();
        written = next;
        writes++;
        onWrite.run();
        events(current, ConditionEvents.between(before, next.conditions()));
        return;
      } catch (KubeApiException e) {
        if (e.code() != 409 && e.code() != 404) {
          throw e;
        }
        current = api.nodeState(node);
        if (current == null) {
          return;
        }
        next = merge(update == null ? empty() : update, current);
      }
    }
    LOG.warn("node={} status write kept conflicting; next transition retries", node);
  }

  /**
   * Records {@code events} on the NodeState (best effort: a refused event is logged, never retried;
   * the status carries the same facts).
   */
  private void events(NodeState on, List<ConditionEvents.NodeEvent> events) {
    for (ConditionEvents.NodeEvent e : events) {
      try {
        Instant now = clock.instant();
        api.createEvent(
            "default",
            new EventBody(
                new EventBody.Metadata(node + ".", "default"),
                new EventBody.Reference(
                    on.getApiVersion(), on.getKind(), node, on.getMetadata().getUid()),
                e.reason(),
                e.message().length() > 1024 ? e.message().substring(0, 1021) + "..." : e.message(),
                e.warning() ? "Warning" : "Normal",
                new EventBody.Source("nestos-node-daemon", node),
                now.toString(),
                now.toString(),
                1));
      } catch (KubeApiException ex) {
        LOG.warn("node={} event {} not recorded: {}", node, e.reason(), ex.getMessage());
      }
    }
  }

  private static NodeState copy(NodeState base, String resourceVersion, NodeStateStatus status) {
    NodeState body = new NodeState();
    body.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(base.getMetadata())
            .withResourceVersion(resourceVersion)
            .withManagedFields()
            .build());
    body.setSpec(base.getSpec());
    body.setStatus(status);
    return body;
  }

  private static NodeStateStatus empty() {
    return new NodeStateStatus(
        null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * The merged status: update fields, live summaries, agentVersion, conditions with kept transition
   * times.
   */
  NodeStateStatus merge(NodeStateStatus u, NodeState current) {
    Long generation = current.getMetadata().getGeneration();
    List<Condition> previous = new ArrayList<>();
    if (written != null && written.conditions() != null) {
      previous.addAll(written.conditions());
    } else if (current.getStatus() != null && current.getStatus().conditions() != null) {
      previous.addAll(current.getStatus().conditions());
    }
    Map<String, Condition> byType = new LinkedHashMap<>();
    if (u.conditions() != null) {
      u.conditions().forEach(c -> byType.put(c.getType(), c));
    }
    Condition degraded = byType.get(ConditionType.DEGRADED.value());
    if (fault != null && (degraded == null || !"True".equals(degraded.getStatus()))) {
      byType.put(
          ConditionType.DEGRADED.value(),
          cond(ConditionType.DEGRADED, true, fault.reason(), fault.message()));
    }
    byType.put(
        ConditionType.DRIFTED.value(),
        drifted == null
            ? cond(ConditionType.DRIFTED, false, ConditionReason.APPLIED, null)
            : cond(ConditionType.DRIFTED, true, ConditionReason.DRIFT_DETECTED, drifted));
    List<Condition> out = new ArrayList<>();
    String now =
        DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    for (Condition c : byType.values()) {
      Condition before =
          previous.stream().filter(p -> p.getType().equals(c.getType())).findFirst().orElse(null);
      String since =
          before != null
                  && Objects.equals(before.getStatus(), c.getStatus())
                  && before.getLastTransitionTime() != null
              ? before.getLastTransitionTime()
              : now;
      out.add(
          new ConditionBuilder(c)
              .withLastTransitionTime(since)
              .withObservedGeneration(generation)
              .withMessage(c.getMessage() == null ? "" : trim(c.getMessage()))
              .build());
    }
    return new NodeStateStatus(
        agentVersion,
        u.bootID(),
        u.currentRevision(),
        u.stagedRevision(),
        u.lastFailedRevision(),
        u.acceptedTicket(),
        u.deployments(),
        u.appliedKernelArguments(),
        sysctls,
        rubik,
        u.healthChecks(),
        out,
        kernel);
  }

  private static String trim(String m) {
    return m.length() > 1024 ? m.substring(0, 1021) + "..." : m;
  }

  private static Condition cond(
      ConditionType type, boolean status, ConditionReason reason, String message) {
    return new ConditionBuilder()
        .withType(type.value())
        .withStatus(status ? "True" : "False")
        .withReason(reason.value())
        .withMessage(message)
        .build();
  }
}
