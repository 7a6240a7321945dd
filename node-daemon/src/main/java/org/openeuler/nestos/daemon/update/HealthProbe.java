package org.openeuler.nestos.daemon.update;

import java.util.List;
import org.openeuler.nestos.api.v1alpha1.HealthCheck;
import org.openeuler.nestos.api.v1alpha1.HealthCheckResult;

/** Runs one round of health checks (HTTPGet, Exec, SystemdUnit, PodsReady backends come later). */
public interface HealthProbe {

  /** One result per check, in order; an empty list of checks passes. */
  List<HealthCheckResult> check(List<HealthCheck> checks);
}
