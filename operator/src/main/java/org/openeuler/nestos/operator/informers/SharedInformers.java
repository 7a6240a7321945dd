package org.openeuler.nestos.operator.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import io.javaoperatorsdk.operator.api.config.InformerStoppedHandler;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.openeuler.nestos.operator.ops.LeanItemStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One informer per watched type for the whole operator (docs/rollout-reconciler.md, "One view of
 * the fleet"): the renderer, the rollout and the two status reconcilers each see Nodes, NodeStates,
 * the CRs and Namespaces through a {@link SharedSource} of their own (their own filter and mapping
 * of events to primaries) over the one cache of that type, instead of one informer each (four watch
 * streams and four deserializations of every Node and NodeState event).
 *
 * <p>An informer starts with the first source of its type that starts (and waits for its cache to
 * sync, as JOSDK's informers do: the start fails after {@code cacheSyncTimeout} when {@code
 * stopOnInformerErrorDuringStartup}) and stops with the last one, so the informers live exactly as
 * long as the operator's controllers; a restarted operator builds new ones. An informer that stops
 * for good after it synced is handed to the operator's {@link InformerStoppedHandler}, as JOSDK
 * does with its own (production: the process exits and is restarted).
 */
public final class SharedInformers {

  private static final Logger LOG = LoggerFactory.getLogger(SharedInformers.class);

  private final KubernetesClient client;
  private final Duration syncTimeout;
  private final boolean stopOnStartupError;
  private final InformerStoppedHandler stopped;
  private final Map<Class<?>, Shared<?>> byType = new HashMap<>();

  /**
   * @param stopped run when an informer stops with an error (null: none)
   */
  public SharedInformers(
      KubernetesClient client,
      Duration syncTimeout,
      boolean stopOnStartupError,
      InformerStoppedHandler stopped) {
    this.client = client;
    this.syncTimeout = syncTimeout;
    this.stopOnStartupError = stopOnStartupError;
    this.stopped = stopped;
  }

  /**
   * With the sync timeout, startup-error rule and stopped handler the operator is configured with.
   */
  public static SharedInformers of(KubernetesClient client, ConfigurationService config) {
    return new SharedInformers(
        client,
        config.cacheSyncTimeout(),
        config.stopOnInformerErrorDuringStartup(),
        config.getInformerStoppedHandler().orElse(null));
  }

  /**
   * A source over the shared {@code type} informer that maps the events {@code onUpdate} accepts
   * (adds and deletes always) to primaries with {@code mapper}.
   */
  public <R extends HasMetadata, P extends HasMetadata> SharedSource<R, P> source(
      Class<R> type, String name, OnUpdateFilter<R> onUpdate, SecondaryToPrimaryMapper<R> mapper) {
    return new SharedSource<>(shared(type), name, onUpdate, mapper);
  }

  @SuppressWarnings("unchecked")
  private synchronized <R extends HasMetadata> Shared<R> shared(Class<R> type) {
    return (Shared<R>) byType.computeIfAbsent(type, t -> new Shared<>(type));
  }

  /** How many sources of each started informer are running (for tests and the log). */
  public synchronized Map<String, Integer> users() {
    Map<String, Integer> out = new HashMap<>();
    byType.forEach((t, s) -> out.put(t.getSimpleName(), s.users()));
    return out;
  }

  /** The informer of one type and the sources using it. */
  final class Shared<R extends HasMetadata> {
    private final Class<R> type;
    private volatile SharedIndexInformer<R> informer;
    private int users;

    private Shared(Class<R> type) {
      this.type = type;
    }

    private synchronized int users() {
      return users;
    }

    /** The running informer, started and synced by the first caller. */
    synchronized SharedIndexInformer<R> acquire() {
      if (users == 0) {
        informer = start();
      }
      users++;
      return informer;
    }

    synchronized void release() {
      if (users == 0) {
        return;
      }
      if (--users == 0) {
        informer.stop();
      }
    }

    /** The cached objects; empty before the informer first starts. */
    Stream<R> list() {
      SharedIndexInformer<R> now = informer;
      return now == null ? Stream.empty() : now.getStore().list().stream();
    }

    R get(String key) {
      SharedIndexInformer<R> now = informer;
      return now == null ? null : now.getStore().getByKey(key);
    }

    boolean healthy() {
      SharedIndexInformer<R> now = informer;
      return now != null && now.isRunning() && now.isWatching() && now.hasSynced();
    }

    private SharedIndexInformer<R> start() {
      SharedIndexInformer<R> created =
          client.resources(type).runnableInformer(0).itemStore(new LeanItemStore<>());
      if (!stopOnStartupError) {
        created.exceptionHandler((running, t) -> true);
      }
      if (stopped != null) {
        created
            .stopped()
            .whenComplete(
                (ignored, error) -> {
                  if (error != null) {
                    LOG.error(
                        "shared {} informer stopped: {}", type.getSimpleName(), error.toString());
                  }
                  stopped.onStop(created, error);
                });
      }
      try {
        created.start().toCompletableFuture().get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (stopOnStartupError) {
          created.stop();
          throw new OperatorException(
              "the " + type.getSimpleName() + " informer did not sync within " + syncTimeout, e);
        }
        LOG.warn("the {} informer has not synced within {}", type.getSimpleName(), syncTimeout);
      } catch (ExecutionException e) {
        created.stop();
        throw new OperatorException(
            "the " + type.getSimpleName() + " informer failed to start: " + e.getCause(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        created.stop();
        throw new OperatorException(
            "interrupted starting the " + type.getSimpleName() + " informer", e);
      }
      LOG.info(
          "shared {} informer synced: {} object(s)",
          type.getSimpleName(),
          created.getStore().list().size());
      return created;
    }

    Class<R> type() {
      return type;
    }
  }

  static String key(String name, String namespace) {
    return namespace == null ? name : namespace + "/" + name;
  }
}
