package org.openeuler.nestos.operator.policy;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import org.openeuler.nestos.operator.core.render.PolicyConditionEvents;
import org.openeuler.nestos.operator.events.EventReason;
import org.openeuler.nestos.operator.events.EventRecorder;

/**
 * Records a NodeConfig's or RubikPolicy's status changes as Events on it ({@link
 * PolicyConditionEvents} decides which): {@code PolicyApplied}, {@code PolicyDegraded}, {@code
 * PolicyStalled}.
 */
final class PolicyEvents {
  private final EventRecorder events;

  PolicyEvents(EventRecorder events) {
    this.events = events;
  }

  void record(HasMetadata policy, List<Condition> before, List<Condition> after) {
    for (PolicyConditionEvents.Change c : PolicyConditionEvents.between(before, after)) {
      EventReason reason =
          switch (c.kind()) {
            case APPLIED -> EventReason.PolicyApplied;
            case DEGRADED -> EventReason.PolicyDegraded;
            case STALLED -> EventReason.PolicyStalled;
          };
      events.record(policy, reason, c.message());
    }
  }
}
