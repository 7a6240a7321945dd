package org.openeuler.nestos.operator;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.openeuler.nestos.operator.core.pressure.EvictionThrottle;
import org.openeuler.nestos.operator.drain.NodeDrainer;
import org.openeuler.nestos.operator.drain.Sleeper;
import org.openeuler.nestos.operator.events.EventRecorder;
import org.openeuler.nestos.operator.image.ImageVerifier;
import org.openeuler.nestos.operator.image.PullSecretRegistries;
import org.openeuler.nestos.operator.informers.SharedInformers;
import org.openeuler.nestos.operator.nodestate.NodeStateSpecs;
import org.openeuler.nestos.operator.ops.LeanItemStore;
import org.openeuler.nestos.operator.ops.OperatorMetrics;
import org.openeuler.nestos.operator.policy.NodeConfigStatusReconciler;
import org.openeuler.nestos.operator.policy.PsiEvictions;
import org.openeuler.nestos.operator.policy.RubikModeRollout;
import org.openeuler.nestos.operator.policy.RubikPolicyStatusReconciler;
import org.openeuler.nestos.operator.render.ClusterCaches;
import org.openeuler.nestos.operator.render.NodeStateRenderReconciler;
import org.openeuler.nestos.operator.rollout.ImageChecker;
import org.openeuler.nestos.operator.rollout.OsVersionReconciler;
import org.openeuler.nestos.operator.rollout.RolloutSettings;
import org.openeuler.nestos.operator.rollout.RolloutTimings;
import org.openeuler.nestos.operator.status.UnusableObjects;

/**
 * The list of reconcilers the operator registers: the one place to edit when a reconciler is added.
 * Each entry is built from the shared {@link Deps}.
 */
public final class Reconcilers {

  /** What reconcilers are built from. */
  public record Deps(
      KubernetesClient client,
      NodeStateSpecs specs,
      EventRecorder events,
      OperatorMetrics metrics,
      Clock clock,
      OperatorConfig config) {}

  /**
   * What a test or benchmark substitutes in the otherwise production wiring.
   *
   * @param images the image check of OSVersions (null: the registry, {@link ImageVerifier})
   * @param timings receives the rollout reconciler's pass timings
   * @param informerStopped run when an informer stopped for good after it had synced (null: JOSDK's
   *     default, {@code System.exit(1)}, right for a process of its own; an in-process cluster of
   *     several instances ends only the one instance instead)
   */
  public record Overrides(ImageChecker images, RolloutTimings timings, Runnable informerStopped) {
    public static final Overrides NONE = new Overrides(null, RolloutTimings.NONE);

    public Overrides(ImageChecker images, RolloutTimings timings) {
      this(images, timings, null);
    }
  }

  private Reconcilers() {}

  /** Builds and registers every reconciler; returns them in registration order. */
  public static List<Reconciler<?>> register(Operator operator, Deps deps) {
    return register(operator, deps, Overrides.NONE);
  }

  /** {@link #register(Operator, Deps)} with {@code overrides}. */
  public static List<Reconciler<?>> register(Operator operator, Deps deps, Overrides overrides) {
    List<Reconciler<?>> out = new ArrayList<>();
    // one informer per type for all reconcilers (docs/rollout-reconciler.md, "One view of the
    // fleet"); the primaries' informers are JOSDK's own
    SharedInformers informers =
        SharedInformers.of(deps.client(), operator.getConfigurationService());
    NodeStateRenderReconciler render =
        new NodeStateRenderReconciler(informers, deps.specs(), deps.events(), deps.metrics());
    operator.register(
        render,
        o ->
            o.withOnUpdateFilter((Node a, Node b) -> ClusterCaches.nodeChanged(a, b))
                .withItemStore(new LeanItemStore<>()));
    out.add(render);
    UnusableObjects unusable =
        new UnusableObjects(deps.client(), deps.events(), deps.metrics(), deps.clock());
    NodeConfigStatusReconciler nodeConfigs =
        new NodeConfigStatusReconciler(informers, deps.clock(), unusable, deps.events());
    operator.register(nodeConfigs);
    out.add(nodeConfigs);
    RubikPolicyStatusReconciler rubik =
        new RubikPolicyStatusReconciler(
            informers,
            deps.clock(),
            new RubikModeRollout(
                deps.client(), deps.config().rubik(), deps.config().rubikInterop()),
            unusable,
            deps.events(),
            new PsiEvictions(
                deps.client(),
                deps.events(),
                deps.metrics(),
                deps.clock(),
                EvictionThrottle.defaults(),
                deps.config().leaseNamespace()));
    operator.register(rubik);
    out.add(rubik);
    OperatorConfig config = deps.config();
    RolloutSettings settings = RolloutSettings.defaults();
    settings =
        new RolloutSettings(
            settings.statusInterval(),
            settings.resync(),
            config.drainBackoff(),
            settings.imageRetry(),
            config.globalMaxUnavailable() > 0
                ? config.globalMaxUnavailable()
                : settings.globalMaxDisruptions(),
            settings.drainThreads(),
            settings.writeThreads());
    ImageChecker images = overrides.images();
    if (images == null) {
      images =
          new ImageVerifier(
                  new PullSecretRegistries(
                      deps.client(), config.leaseNamespace(), config.registry()),
                  config.registry(),
                  System::nanoTime)
              ::check;
    }
    OsVersionReconciler rollout =
        new OsVersionReconciler(
            informers,
            deps.client(),
            deps.specs(),
            images,
            new NodeDrainer(deps.client(), deps.clock(), Sleeper.REAL, config.drainPodDeletion()),
            deps.events(),
            deps.metrics(),
            deps.clock(),
            settings,
            overrides.timings(),
            unusable);
    operator.register(rollout);
    out.add(rollout);
    return out;
  }
}
