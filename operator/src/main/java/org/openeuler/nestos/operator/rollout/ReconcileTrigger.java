package org.openeuler.nestos.operator.rollout;

import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openeuler.nestos.api.v1alpha1.OSVersion;

/**
 * Lets work finishing off the reconcile thread (a drain, a write) ask for a new pass of its
 * OSVersion, now or after a delay (a write the API server refused is retried after one).
 */
final class ReconcileTrigger extends AbstractEventSource<Void, OSVersion> implements AutoCloseable {

  private final ScheduledExecutorService later =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "nestos-rollout-retry");
            t.setDaemon(true);
            return t;
          });

  ReconcileTrigger() {
    super(Void.class, "rollout-trigger");
  }

  void trigger(String osVersion) {
    if (isRunning() && getEventHandler() != null) {
      getEventHandler().handleEvent(new Event(new ResourceID(osVersion)));
    }
  }

  /** A pass of {@code osVersion} after {@code delay}. */
  void triggerAfter(String osVersion, Duration delay) {
    if (!later.isShutdown()) {
      later.schedule(() -> trigger(osVersion), delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    later.shutdownNow();
  }

  @Override
  public Set<Void> getSecondaryResources(OSVersion primary) {
    return Set.of();
  }
}
