package org.openeuler.nestos.daemon.agent;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.openeuler.nestos.api.v1alpha1.HealthCheck;
import org.openeuler.nestos.api.v1alpha1.HealthCheckResult;
import org.openeuler.nestos.daemon.health.HealthChecker;
import org.openeuler.nestos.daemon.health.HealthOutcome;
import org.openeuler.nestos.daemon.health.PodReadiness;
import org.openeuler.nestos.daemon.kube.PodView;
import org.openeuler.nestos.daemon.update.HealthProbe;
import org.openeuler.nestos.rubik.core.classify.LabelSelectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HealthProbe} over the {@link HealthChecker}. Messages carry no timings (timings go to the
 * log) so that a repeated verdict does not change the status and cause a write.
 */
public final class CheckerProbe implements HealthProbe {

  private static final Logger LOG = LoggerFactory.getLogger(CheckerProbe.class);
  private static final int MAX_MESSAGE = 256;

  private final HealthChecker checker;

  public CheckerProbe(HealthChecker checker) {
    this.checker = checker;
  }

  @Override
  public List<HealthCheckResult> check(List<HealthCheck> checks) {
    return checks.stream()
        .map(
            c -> {
              HealthOutcome o = checker.run(c);
              LOG.debug(
                  "health check {} {} in {} ms: {}",
                  o.name(),
                  o.passing() ? "passing" : "failing",
                  o.took().toMillis(),
                  o.message());
              String m =
                  o.message() == null
                      ? null
                      : o.message().length() > MAX_MESSAGE
                          ? o.message().substring(0, MAX_MESSAGE)
                          : o.message();
              return new HealthCheckResult(
                  o.name(),
                  o.passing() ? HealthCheckResult.Result.Passing : HealthCheckResult.Result.Failing,
                  null,
                  m);
            })
        .toList();
  }

  /** {@code PodsReady} over the pods of the daemon's own pod watch. */
  public static PodReadiness readiness(Supplier<? extends Collection<PodView>> pods) {
    return (namespace, selector) -> {
      int total = 0;
      int ready = 0;
      for (PodView p : pods.get()) {
        if (namespace != null && !namespace.equals(p.metadata().namespace())) {
          continue;
        }
        if (selector != null
            && !LabelSelectors.matches(
                selector,
                p.metadata().labels() == null ? java.util.Map.of() : p.metadata().labels())) {
          continue;
        }
        total++;
        if (p.ready()) {
          ready++;
        }
      }
      return new PodReadiness.Counts(total, ready);
    };
  }
}
