package org.openeuler.nestos.daemon.update;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.openeuler.nestos.daemon.core.update.Transition;
import org.openeuler.nestos.daemon.core.update.UpdateAction;
import org.openeuler.nestos.daemon.core.update.UpdateEvent;
import org.openeuler.nestos.daemon.core.update.UpdateMachine;
import org.openeuler.nestos.daemon.core.update.UpdatePhase;
import org.openeuler.nestos.daemon.core.update.UpdateState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The update loop's one job: hands an event to the {@link UpdateMachine}, runs the resulting
 * actions through the {@link UpdateExecutor} in order (stopping at the first failure) and feeds the
 * events they yield back until nothing is left; after a lost ticket claim (409: the NodeState
 * changed after the spec the claim was made for was read) it reads the NodeState again ({@link
 * SpecReader}) and hands that over; it tells a {@link PhaseListener} of every phase change.
 * Single-threaded: the daemon's update thread ({@code OsUpdateLoop}) or a test calls {@link
 * #handle}.
 */
public final class UpdateAgent {

  private static final Logger LOG = LoggerFactory.getLogger(UpdateAgent.class);

  /** Re-reads after lost claims, at most, for one event (a NodeState that changes without end). */
  static final int CLAIM_REREADS = 5;

  /** Observes each executed action (tests use it to crash between steps). */
  @FunctionalInterface
  public interface StepListener {
    void beforeAction(UpdateAction action);
  }

  /** Reads the NodeState again after a lost ticket claim; empty when it is gone. */
  @FunctionalInterface
  public interface SpecReader {
    Optional<UpdateEvent.SpecChanged> read();
  }

  /** Told of every phase change, with the time spent in the phase left (metrics, logs). */
  @FunctionalInterface
  public interface PhaseListener {
    void changed(UpdatePhase from, UpdateState now, Duration inPhase);
  }

  private final UpdateMachine machine;
  private final UpdateExecutor executor;
  private final StepListener listener;
  private final SpecReader reread;
  private final PhaseListener phases;
  private UpdateState state = UpdateState.initial();
  private UpdatePhase lastPhase = UpdatePhase.IDLE;
  private long phaseSinceNanos = System.nanoTime();

  public UpdateAgent(
      UpdateMachine machine,
      UpdateExecutor executor,
      StepListener listener,
      SpecReader reread,
      PhaseListener phases) {
    this.machine = machine;
    this.executor = executor;
    this.listener = listener == null ? a -> {} : listener;
    this.reread = reread == null ? Optional::empty : reread;
    this.phases = phases == null ? (from, now, in) -> {} : phases;
  }

  /** Without re-reads after a lost claim (the claim waits for the next spec delivered). */
  public UpdateAgent(UpdateMachine machine, UpdateExecutor executor, StepListener listener) {
    this(machine, executor, listener, null, null);
  }

  public UpdateAgent(UpdateMachine machine, UpdateExecutor executor) {
    this(machine, executor, null, null, null);
  }

  public UpdateState state() {
    return state;
  }

  /** Daemon start: recover from the host record. */
  public UpdateState start() throws java.io.IOException {
    return handle(executor.restart());
  }

  /**
   * Handles {@code event} and everything it leads to, re-reading the NodeState after a lost claim.
   */
  public UpdateState handle(UpdateEvent event) {
    boolean conflicted = pump(event);
    for (int i = 0; i < CLAIM_REREADS && conflicted; i++) {
      Optional<UpdateEvent.SpecChanged> fresh = reread.read();
      if (fresh.isEmpty()) {
        break;
      }
      conflicted = pump(fresh.get());
    }
    UpdatePhase p = state.phase();
    if (p != lastPhase) {
      long now = System.nanoTime();
      Duration in = Duration.ofNanos(now - phaseSinceNanos);
      UpdatePhase from = lastPhase;
      lastPhase = p;
      phaseSinceNanos = now;
      phases.changed(from, state, in);
    }
    return state;
  }

  /** Runs one event to the end; whether a ticket claim was lost on the way. */
  private boolean pump(UpdateEvent first) {
    Deque<UpdateEvent> queue = new ArrayDeque<>();
    queue.add(first);
    boolean conflicted = false;
    while (!queue.isEmpty()) {
      UpdateEvent event = queue.poll();
      conflicted |= event instanceof UpdateEvent.TicketClaimConflict;
      Transition t = machine.apply(state, event);
      if (t.state().phase() != state.phase() || t.note() != null) {
        LOG.info(
            "update {} -> {} on {}{}",
            state.phase(),
            t.state().phase(),
            event.getClass().getSimpleName(),
            t.note() == null ? "" : " (" + t.note() + ")");
      }
      state = t.state();
      for (UpdateAction action : t.actions()) {
        listener.beforeAction(action);
        Optional<UpdateEvent> result = executor.execute(action);
        if (result.isPresent()) {
          queue.add(result.get());
          if (result.get() instanceof UpdateEvent.ActionFailed) {
            break;
          }
        }
      }
    }
    return conflicted;
  }
}
