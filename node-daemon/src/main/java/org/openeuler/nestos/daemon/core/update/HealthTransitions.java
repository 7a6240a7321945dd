package org.openeuler.nestos.daemon.core.update;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.openeuler.nestos.api.v1alpha1.HealthCheckResult;

/**
 * {@code healthChecks[].lastTransitionTime} (pure): a check keeps the time of its previous round
 * while its result holds, and gets this round's time when the result changed or it is new.
 */
final class HealthTransitions {
  private HealthTransitions() {}

  static List<HealthCheckResult> stamp(
      List<HealthCheckResult> previous, List<HealthCheckResult> fresh, Instant at) {
    String now = at.truncatedTo(ChronoUnit.SECONDS).toString();
    List<HealthCheckResult> out = new ArrayList<>(fresh.size());
    for (HealthCheckResult r : fresh) {
      HealthCheckResult before =
          previous.stream().filter(p -> p.name().equals(r.name())).findFirst().orElse(null);
      String since =
          before != null && before.result() == r.result() && before.lastTransitionTime() != null
              ? before.lastTransitionTime()
              : now;
      out.add(new HealthCheckResult(r.name(), r.result(), since, r.message()));
    }
    return out;
  }
}
