package org.openeuler.nestos.daemon.core.update;

import java.util.List;

/**
 * The machine's answer to one event: the next state, the actions to run in order, and a note for
 * the log.
 */
public record Transition(UpdateState state, List<UpdateAction> actions, String note) {

  public Transition {
    actions = List.copyOf(actions);
  }

  static Transition of(UpdateState state, UpdateAction... actions) {
    return new Transition(state, List.of(actions), null);
  }

  Transition note(String n) {
    return new Transition(state, actions, n);
  }
}
