package org.openeuler.nestos.operator.rollout;

import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;
import org.openeuler.nestos.api.v1alpha1.OSVersion;

/** Lets work finishing off the reconcile thread (a drain) ask for a new pass of its OSVersion. */
final class ReconcileTrigger extends AbstractEventSource<Void, OSVersion> {

  ReconcileTrigger() {
    super(Void.class, "rollout-trigger");
  }

  void trigger(String osVersion) {
    if (isRunning() && getEventHandler() != null) {
      getEventHandler().handleEvent(new Event(new ResourceID(osVersion)));
    }
  }

  @Override
  public Set<Void> getSecondaryResources(OSVersion primary) {
    return Set.of();
  }
}
