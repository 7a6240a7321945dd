package org.openeuler.nestos.daemon.update;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.openeuler.nestos.daemon.core.update.Transition;
import org.openeuler.nestos.daemon.core.update.UpdateAction;
import org.openeuler.nestos.daemon.core.update.UpdateEvent;
import org.openeuler.nestos.daemon.core.update.UpdateMachine;
import org.openeuler.nestos.daemon.core.update.UpdateState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the {@link UpdateMachine} with an {@link UpdateExecutor}: applies an event, runs the
 * resulting actions in order (stopping at the first failure) and feeds the events they yield back
 * until nothing is left. Single-threaded; the Kubernetes wiring calls {@link #handle} from one
 * event loop.
 */
public final class UpdateAgent {

  private static final Logger LOG = LoggerFactory.getLogger(UpdateAgent.class);

  /** Observes each executed action (tests use it to crash between steps). */
  @FunctionalInterface
  public interface StepListener {
    void beforeAction(UpdateAction action);
  }

  private final UpdateMachine machine;
  private final UpdateExecutor executor;
  private final StepListener listener;
  private UpdateState state = UpdateState.initial();
  private boolean claimConflicted;

  public UpdateAgent(UpdateMachine machine, UpdateExecutor executor, StepListener listener) {
    this.machine = machine;
    this.executor = executor;
    this.listener = listener == null ? a -> {} : listener;
  }

  public UpdateAgent(UpdateMachine machine, UpdateExecutor executor) {
    this(machine, executor, null);
  }

  public UpdateState state() {
    return state;
  }

  /** Daemon start: recover from the host record. */
  public UpdateState start() throws java.io.IOException {
    return handle(executor.restart());
  }

  /**
   * Whether the last {@link #handle} met a refused ticket claim: the NodeState changed after the
   * spec the claim was made for was read, so the caller reads it again and hands it over.
   */
  public boolean claimConflicted() {
    return claimConflicted;
  }

  public UpdateState handle(UpdateEvent first) {
    Deque<UpdateEvent> queue = new ArrayDeque<>();
    queue.add(first);
    claimConflicted = false;
    while (!queue.isEmpty()) {
      UpdateEvent event = queue.poll();
      claimConflicted |= event instanceof UpdateEvent.TicketClaimConflict;
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
    return state;
  }
}
