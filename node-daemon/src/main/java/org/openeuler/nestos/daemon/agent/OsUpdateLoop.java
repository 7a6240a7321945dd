package org.openeuler.nestos.daemon.agent;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.daemon.core.update.GrantAuthority;
import org.openeuler.nestos.daemon.core.update.StageRetries;
import org.openeuler.nestos.daemon.core.update.UpdateEvent;
import org.openeuler.nestos.daemon.core.update.UpdateMachine;
import org.openeuler.nestos.daemon.core.update.UpdatePhase;
import org.openeuler.nestos.daemon.core.update.UpdateState;
import org.openeuler.nestos.daemon.kube.NodeApi;
import org.openeuler.nestos.daemon.kube.NodeView;
import org.openeuler.nestos.daemon.update.HostPullCredentials;
import org.openeuler.nestos.daemon.update.HostRecordStore;
import org.openeuler.nestos.daemon.update.UpdateAgent;
import org.openeuler.nestos.daemon.update.UpdateExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link NodeAgent}'s "nestos-update" thread: drives the {@link UpdateAgent} with NodeState
 * spec changes and verification ticks, re-reads the NodeState after a lost ticket claim (409), and
 * records phase metrics. Anything thrown out of the update machine is fatal ({@link
 * NodeAgent.Options#onFatal}).
 */
final class OsUpdateLoop {

  // Logs under the NodeAgent's name, as before the split.
  private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);

  private final NodeApi api;
  private final String node;
  private final NodeAgent.Host host;
  private final NodeAgent.Options options;
  private final DaemonMetrics metrics;
  private final StatusWriter status;
  private final BooleanSupplier closed;
  private final ScheduledExecutorService loop;
  private final AtomicBoolean crashed = new AtomicBoolean();

  private UpdateAgent agent;
  private UpdateExecutor executor;
  private NodeStateSpec deliveredSpec;
  private ScheduledFuture<?> tick;

  OsUpdateLoop(
      NodeApi api,
      String node,
      NodeAgent.Host host,
      NodeAgent.Options options,
      DaemonMetrics metrics,
      StatusWriter status,
      BooleanSupplier closed) {
    this.api = api;
    this.node = node;
    this.host = host;
    this.options = options;
    this.metrics = metrics;
    this.status = status;
    this.closed = closed;
    this.loop =
        Executors.newSingleThreadScheduledExecutor(r -> NodeAgent.thread(r, "nestos-update"));
  }

  /**
   * Recovers from the host record on the update thread and waits for it; a no-op when OS updates
   * are off.
   */
  void start() throws Exception {
    if (host.os() == null) {
      return;
    }
    NodeView self = api.node(node);
    String uid = self == null ? null : self.uid();
    if (uid == null) {
      throw new IllegalStateException(
          "Node " + node + " not found (NODE_NAME from the downward API?)");
    }
    executor =
        new UpdateExecutor(
            host.os(),
            new HostRecordStore(host.fs()),
            host.probe(),
            new ConflictAwareSink(),
            options.clock(),
            options.namespace() == null
                ? null
                : new HostPullCredentials(host.fs(), new PullSecrets(api, options.namespace())),
            host.bootCounter(),
            host.bootDiagnostics());
    agent =
        new UpdateAgent(
            new UpdateMachine(node, uid, host.bootAttempts()),
            executor,
            options.stepListener(),
            this::reread,
            this::phaseChanged);
    loop.submit(
            () ->
                guarded(
                    () -> {
                      agent.start();
                      afterUpdate();
                    }))
        .get();
  }

  boolean crashed() {
    return crashed.get();
  }

  UpdateState state() {
    return agent == null ? null : agent.state();
  }

  ExecutorService executor() {
    return loop;
  }

  /**
   * Hands a NodeState with a changed spec to the update thread (ignored when OS updates are off).
   */
  void onSpec(NodeState ns) {
    if (agent == null) {
      return;
    }
    loop.execute(
        () ->
            guarded(
                () -> {
                  NodeStateSpec spec = ns.getSpec();
                  if (spec == null || Objects.equals(spec, deliveredSpec)) {
                    return;
                  }
                  deliveredSpec = spec;
                  deliver(new UpdateEvent.SpecChanged(spec, ns.getMetadata().getResourceVersion()));
                  executor.retainPullCredentials(spec);
                }));
  }

  /** The NodeState is gone: the next spec is delivered even if it equals the last one. */
  void forgetSpec() {
    loop.execute(() -> deliveredSpec = null);
  }

  private interface Step {
    void run() throws Exception;
  }

  private void guarded(Step step) {
    if (crashed.get() || closed.getAsBoolean()) {
      return;
    }
    try {
      step.run();
    } catch (Exception | Error e) {
      if (closed.getAsBoolean()) {
        // the daemon is stopping (SIGTERM, a restart): its executor refuses new work and its
        // client is closing, so a step in flight fails; that is the stop, not a crash. Taking it
        // for one made the simulated DaemonSet restart the next daemon, whose stop failed its
        // step too: a crash loop that held a node's grant (chaos seeds 622, 628; docs/chaos.md)
        LOG.info("node={} update step ended by the daemon's stop: {}", node, e.toString());
        return;
      }
      crashed.set(true);
      LOG.error("node={} fatal in the update loop: {}", node, e.toString());
      if (options.onFatal() != null) {
        options.onFatal().run();
      }
    }
  }

  private void deliver(UpdateEvent event) {
    agent.handle(event);
    afterUpdate();
  }

  /** After a lost ticket claim: the NodeState as the API server has it now. */
  private Optional<UpdateEvent.SpecChanged> reread() {
    NodeState fresh = api.nodeState(node);
    if (fresh == null || fresh.getSpec() == null) {
      return Optional.empty();
    }
    deliveredSpec = fresh.getSpec();
    return Optional.of(
        new UpdateEvent.SpecChanged(fresh.getSpec(), fresh.getMetadata().getResourceVersion()));
  }

  private void phaseChanged(UpdatePhase from, UpdateState s, Duration in) {
    if (from == UpdatePhase.STAGING) {
      metrics.stage(in);
    }
    if (from == UpdatePhase.VERIFYING) {
      metrics.verify(in);
    }
    metrics.transition(from, s.phase(), s.reasonCode(null));
    LOG.info(
        "node={} revision={} phase {} -> {}{}",
        node,
        s.spec() == null ? s.record().revision() : s.spec().revision(),
        from,
        s.phase(),
        s.reason() == null ? "" : " (" + s.reason() + ")");
  }

  private void afterUpdate() {
    UpdateState s = agent.state();
    UpdatePhase p = s.phase();
    metrics.phase(p);
    s.os().booted().ifPresent(metrics::booted);
    boolean retry = StageRetries.retryPending(s);
    if ((p == UpdatePhase.VERIFYING || retry) && (tick == null || tick.isDone())) {
      long ticks =
          retry && s.stageFailures() != null
              ? StageRetries.delayTicks(s.stageFailures().count())
              : 1;
      tick =
          loop.schedule(
              () ->
                  guarded(
                      () -> {
                        tick = null;
                        deliver(new UpdateEvent.Tick(options.clock().instant()));
                      }),
              ticks * options.verifyTick().toMillis(),
              TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Checks the operator's cordon before a claim ({@link GrantAuthority}: one GET of the Node, which
   * the daemon may read) and records 409s on ticket claims so the loop re-reads the NodeState.
   */
  private final class ConflictAwareSink implements org.openeuler.nestos.daemon.update.StatusSink {
    @Override
    public boolean claimTicket(String ticket, String resourceVersion) {
      NodeStateSpec spec = agent.state().spec();
      String revision =
          spec == null || spec.disruption() == null ? null : spec.disruption().revision();
      NodeView n = api.node(node);
      String refusal =
          n == null
              ? "refused: Node " + node + " not found"
              : GrantAuthority.refusal(revision, n.unschedulable(), n.annotations());
      if (refusal != null) {
        LOG.warn("node={} ticket={} not claimed: {}", node, ticket, refusal);
        // a failed claim: the machine goes back to Staged with this reason, nothing is claimed
        throw new IllegalStateException(refusal);
      }
      return status.claimTicket(ticket, resourceVersion);
    }

    @Override
    public void report(org.openeuler.nestos.api.v1alpha1.NodeStateStatus s) {
      status.report(s);
    }
  }
}
