package org.openeuler.nestos.operator;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.openeuler.nestos.operator.policy.RubikModeRollout;

/**
 * Operator settings from the environment, overridden by {@code --name=value} flags (flag {@code --lease-name} is
 * variable {@code NESTOS_LEASE_NAME}).
 *
 * @param metricsPort port of {@code /metrics}, {@code /healthz}, {@code /readyz} ({@code 0}: any free port)
 * @param leaderElection whether to run with Lease leader election
 * @param leaseName Lease name
 * @param leaseNamespace Lease namespace (default {@code POD_NAMESPACE}, else {@code nestos-system})
 * @param identity leader identity (default {@code POD_NAME}, else the host name)
 * @param reconcileThreads JOSDK reconciliation threads
 * @param globalMaxUnavailable cap on nodes disrupted at once across all OSVersions; 0 means no cap
 * @param rubik rubik's ConfigMap and DaemonSet ({@code --rubik-configmap=ns/name}, {@code --rubik-daemonset=ns/name})
 */
public record OperatorConfig(int metricsPort, boolean leaderElection, String leaseName, String leaseNamespace,
    String identity, int reconcileThreads, RubikModeRollout.Target rubik, int globalMaxUnavailable) {

  /** Reads {@code env}, then {@code args}. */
  public static OperatorConfig from(Map<String, String> env, String... args) {
    Map<String, String> v = new HashMap<>();
    env.forEach((k, val) -> {
      if (k.startsWith("NESTOS_")) {
        v.put(k.substring(7).toLowerCase(Locale.ROOT).replace('_', '-'), val);
      }
    });
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got " + a);
      }
      v.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    String ns = v.getOrDefault("lease-namespace", env.getOrDefault("POD_NAMESPACE", "nestos-system"));
    String identity = v.getOrDefault("identity", env.get("POD_NAME"));
    if (identity == null || identity.isBlank()) {
      identity = hostname();
    }
    RubikModeRollout.Target d = RubikModeRollout.Target.defaults();
    String[] cm = split(v.getOrDefault("rubik-configmap", d.configMapNamespace() + "/" + d.configMapName()));
    String[] ds = split(v.getOrDefault("rubik-daemonset", d.daemonSetNamespace() + "/" + d.daemonSetName()));
    return new OperatorConfig(Integer.parseInt(v.getOrDefault("metrics-port", "8080")),
        Boolean.parseBoolean(v.getOrDefault("leader-election", "true")), v.getOrDefault("lease-name",
        "nestos-operator"), ns, identity, Integer.parseInt(v.getOrDefault("reconcile-threads", "10")),
        new RubikModeRollout.Target(cm[0], cm[1], ds[0], ds[1]),
        Integer.parseInt(v.getOrDefault("global-max-unavailable", "0")));
  }

  private static String[] split(String nsName) {
    String[] p = nsName.split("/", 2);
    if (p.length != 2 || p[0].isBlank() || p[1].isBlank()) {
      throw new IllegalArgumentException("expected namespace/name, got " + nsName);
    }
    return p;
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "nestos-operator-" + ProcessHandle.current().pid();
    }
  }
}
