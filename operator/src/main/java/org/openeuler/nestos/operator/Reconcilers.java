package org.openeuler.nestos.operator;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import java.lang.reflect.Constructor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openeuler.nestos.operator.events.EventRecorder;
import org.openeuler.nestos.operator.nodestate.NodeStateSpecs;
import org.openeuler.nestos.operator.ops.OperatorMetrics;
import org.openeuler.nestos.operator.policy.NodeConfigStatusReconciler;
import org.openeuler.nestos.operator.policy.RubikModeRollout;
import org.openeuler.nestos.operator.policy.RubikPolicyStatusReconciler;
import org.openeuler.nestos.operator.render.ClusterCaches;
import org.openeuler.nestos.operator.render.NodeStateRenderReconciler;

/**
 * The list of reconcilers the operator registers: the one place to edit when a reconciler is added. Each entry is
 * built from the shared {@link Deps}.
 */
public final class Reconcilers {

  /** The OSVersion rollout reconciler (package {@code rollout}); registered when it is on the classpath. */
  static final String OS_VERSION_RECONCILER = "org.openeuler.nestos.operator.rollout.OsVersionReconciler";

  /** What reconcilers are built from. */
  public record Deps(KubernetesClient client, NodeStateSpecs specs, EventRecorder events, OperatorMetrics metrics,
      Clock clock, OperatorConfig config) { }

  private Reconcilers() { }

  /** Builds and registers every reconciler; returns them in registration order. */
  public static List<Reconciler<?>> register(Operator operator, Deps deps) {
    List<Reconciler<?>> out = new ArrayList<>();
    NodeStateRenderReconciler render = new NodeStateRenderReconciler(deps.specs());
    operator.register(render, o -> o.withOnUpdateFilter((Node a, Node b) -> ClusterCaches.nodeChanged(a, b)));
    out.add(render);
    NodeConfigStatusReconciler nodeConfigs = new NodeConfigStatusReconciler(deps.clock());
    operator.register(nodeConfigs);
    out.add(nodeConfigs);
    RubikPolicyStatusReconciler rubik = new RubikPolicyStatusReconciler(deps.clock(),
        new RubikModeRollout(deps.client(), deps.config().rubik()));
    operator.register(rubik);
    out.add(rubik);
    // ROLLOUT: the OSVersion reconciler (other worktree) registers here; replace this line with a direct
    // `operator.register(new OsVersionReconciler(...))` when merging.
    optional(OS_VERSION_RECONCILER, deps).ifPresent(r -> { operator.register(r); out.add(r); });
    return out;
  }

  /**
   * Instantiates {@code className} if present, through its public constructor whose parameters are all
   * {@link Deps} components (by type).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Optional<Reconciler> optional(String className, Deps deps) {
    Class<?> type;
    try {
      type = Class.forName(className);
    } catch (ClassNotFoundException e) {
      return Optional.empty();
    }
    Map<Class<?>, Object> available = Map.of(KubernetesClient.class, deps.client(), NodeStateSpecs.class,
        deps.specs(), EventRecorder.class, deps.events(), OperatorMetrics.class, deps.metrics(), Clock.class,
        deps.clock(), OperatorConfig.class, deps.config());
    for (Constructor<?> c : type.getConstructors()) {
      if (Arrays.stream(c.getParameterTypes()).allMatch(available::containsKey)) {
        Object[] args = Arrays.stream(c.getParameterTypes()).map(available::get).toArray();
        try {
          return Optional.of((Reconciler) c.newInstance(args));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot build " + className, e);
        }
      }
    }
    throw new IllegalStateException(className + " has no public constructor taking only " + available.keySet());
  }
}
