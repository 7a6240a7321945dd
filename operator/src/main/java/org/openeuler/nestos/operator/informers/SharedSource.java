package org.openeuler.nestos.operator.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.EventHandler;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One controller's view of a {@link SharedInformers} informer: a JOSDK event source that turns the
 * informer's events into events of the primaries its mapper names (updates only when its filter
 * accepts them), and the {@link Cache} the controller reads. Nothing reads secondaries by primary
 * ({@link #getSecondaryResources} is empty): the controllers read the caches whole.
 */
public final class SharedSource<R extends HasMetadata, P extends HasMetadata>
    extends AbstractEventSource<R, P> implements Cache<R> {

  private final SharedInformers.Shared<R> shared;
  private final OnUpdateFilter<R> onUpdate;
  private final SecondaryToPrimaryMapper<R> mapper;
  private final ResourceEventHandler<R> handler = new Handler();
  private SharedIndexInformer<R> informer;

  SharedSource(
      SharedInformers.Shared<R> shared,
      String name,
      OnUpdateFilter<R> onUpdate,
      SecondaryToPrimaryMapper<R> mapper) {
    super(shared.type(), name);
    this.shared = shared;
    this.onUpdate = onUpdate;
    this.mapper = mapper;
  }

  @Override
  public synchronized void start() throws OperatorException {
    if (isRunning()) {
      return;
    }
    informer = shared.acquire();
    super.start();
    // the informer replays what it holds to a handler added after it started: every primary
    // concerned gets its first event, as with an informer of its own
    informer.addEventHandler(handler);
  }

  @Override
  public synchronized void stop() throws OperatorException {
    if (!isRunning()) {
      return;
    }
    super.stop();
    informer.removeEventHandler(handler);
    shared.release();
  }

  @Override
  public Status getStatus() {
    return !isRunning() || shared.healthy() ? Status.HEALTHY : Status.UNHEALTHY;
  }

  @Override
  public Set<R> getSecondaryResources(P primary) {
    return Set.of();
  }

  @Override
  public Optional<R> get(ResourceID id) {
    return Optional.ofNullable(
        shared.get(SharedInformers.key(id.getName(), id.getNamespace().orElse(null))));
  }

  @Override
  public Stream<ResourceID> keys() {
    return list(r -> true).map(ResourceID::fromResource);
  }

  @Override
  public Stream<R> list(Predicate<R> predicate) {
    return shared.list().filter(predicate);
  }

  private void propagate(R resource) {
    EventHandler events = getEventHandler();
    if (!isRunning() || events == null) {
      return;
    }
    for (ResourceID primary : mapper.toPrimaryResourceIDs(resource)) {
      events.handleEvent(new Event(primary));
    }
  }

  private final class Handler implements ResourceEventHandler<R> {
    @Override
    public void onAdd(R resource) {
      propagate(resource);
    }

    @Override
    public void onUpdate(R before, R now) {
      if (onUpdate == null || onUpdate.accept(now, before)) {
        propagate(now);
      }
    }

    @Override
    public void onDelete(R resource, boolean finalStateUnknown) {
      propagate(resource);
    }
  }
}
