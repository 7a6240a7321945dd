package org.openeuler.nestos.operator;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.openeuler.nestos.operator.image.RegistryCheckSettings;
import org.openeuler.nestos.operator.policy.RubikModeRollout;

/**
 * Operator settings from the environment, overridden by {@code --name=value} flags (flag {@code
 * --lease-name} is variable {@code NESTOS_LEASE_NAME}).
 *
 * @param metricsPort port of {@code /metrics}, {@code /healthz}, {@code /readyz} ({@code 0}: any
 *     free port)
 * @param leaderElection whether to run with Lease leader election
 * @param leaseName Lease name
 * @param leaseNamespace Lease namespace (default {@code POD_NAMESPACE}, else {@code nestos-system})
 * @param identity leader identity (default {@code POD_NAME}, else the host name)
 * @param reconcileThreads JOSDK reconciliation threads
 * @param globalMaxUnavailable cap on nodes disrupted at once across all OSVersions; 0 means no cap
 * @param rubik rubik's ConfigMap and DaemonSet ({@code --rubik-configmap=ns/name}, {@code
 *     --rubik-daemonset=ns/name}; a bare name is in {@code --rubik-namespace}, default {@code
 *     kube-system})
 * @param lease Lease timings ({@code --lease-duration}, {@code --lease-renew-deadline}, {@code
 *     --lease-retry-period}; {@code 15s}, {@code 500ms}, {@code 1m} or plain seconds)
 * @param rubikInterop whether RubikPolicy {@code mode: Rubik} may write rubik's ConfigMap and roll
 *     its DaemonSet ({@code --rubik-interop}, default true; the chart's {@code
 *     rubik.interop.enabled}, default false, grants the RBAC for it only then)
 * @param drainPodDeletion whether a drain may delete the pods still refused eviction at its timeout
 *     when an OSVersion asks for it ({@code --drain-pod-deletion}, default true; the chart's {@code
 *     operator.drain.allowPodDeletion}, default false, grants {@code pods delete} only then)
 * @param registry the image check in registries ({@code --registry-check}, {@code
 *     --registry-on-unreachable}, {@code --registry-ca-file}, {@code --registry-plain-http})
 * @param drainBackoff how long a node whose drain was refused (a PodDisruptionBudget, the drain
 *     timeout) waits before it is cordoned again; doubles per refusal up to 16 times it ({@code
 *     --drain-backoff}, default {@code 1m})
 */
public record OperatorConfig(
    int metricsPort,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    String identity,
    int reconcileThreads,
    RubikModeRollout.Target rubik,
    int globalMaxUnavailable,
    LeaseTimings lease,
    boolean rubikInterop,
    boolean drainPodDeletion,
    RegistryCheckSettings registry,
    Duration drainBackoff) {

  public OperatorConfig {
    if (drainBackoff == null || drainBackoff.isNegative() || drainBackoff.isZero()) {
      throw new IllegalArgumentException("drain backoff must be positive, got " + drainBackoff);
    }
  }

  /**
   * Leader-election timings (JOSDK's defaults 15 s / 10 s / 2 s): a follower takes over a Lease not
   * renewed for {@code duration}; the leader gives up leading when it could not renew for {@code
   * renewDeadline}; both retry every {@code retryPeriod}.
   */
  public record LeaseTimings(Duration duration, Duration renewDeadline, Duration retryPeriod) {
    public static LeaseTimings defaults() {
      return new LeaseTimings(
          Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    public LeaseTimings {
      if (!(duration.compareTo(renewDeadline) > 0
          && renewDeadline.compareTo(retryPeriod) > 0
          && !retryPeriod.isNegative()
          && !retryPeriod.isZero())) {
        throw new IllegalArgumentException(
            "expected lease duration > renew deadline > retry period > 0, got "
                + duration
                + ", "
                + renewDeadline
                + ", "
                + retryPeriod);
      }
    }
  }

  /** Reads {@code env}, then {@code args}. */
  public static OperatorConfig from(Map<String, String> env, String... args) {
    Map<String, String> v = new HashMap<>();
    env.forEach(
        (k, val) -> {
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
    String ns =
        v.getOrDefault("lease-namespace", env.getOrDefault("POD_NAMESPACE", "nestos-system"));
    String identity = v.getOrDefault("identity", env.get("POD_NAME"));
    if (identity == null || identity.isBlank()) {
      identity = hostname();
    }
    RubikModeRollout.Target d = RubikModeRollout.Target.defaults();
    String rubikNs = v.getOrDefault("rubik-namespace", d.configMapNamespace());
    String[] cm = split(qualify(v.getOrDefault("rubik-configmap", d.configMapName()), rubikNs));
    String[] ds = split(qualify(v.getOrDefault("rubik-daemonset", d.daemonSetName()), rubikNs));
    return new OperatorConfig(
        Integer.parseInt(v.getOrDefault("metrics-port", "8080")),
        Boolean.parseBoolean(v.getOrDefault("leader-election", "true")),
        v.getOrDefault("lease-name", "nestos-operator"),
        ns,
        identity,
        Integer.parseInt(v.getOrDefault("reconcile-threads", "10")),
        new RubikModeRollout.Target(cm[0], cm[1], ds[0], ds[1]),
        Integer.parseInt(v.getOrDefault("global-max-unavailable", "0")),
        new LeaseTimings(
            duration(v, "lease-duration", LeaseTimings.defaults().duration()),
            duration(v, "lease-renew-deadline", LeaseTimings.defaults().renewDeadline()),
            duration(v, "lease-retry-period", LeaseTimings.defaults().retryPeriod())),
        flag(v, "rubik-interop", true),
        flag(v, "drain-pod-deletion", true),
        RegistryCheckSettings.from(v),
        duration(v, "drain-backoff", Duration.ofMinutes(1)));
  }

  private static boolean flag(Map<String, String> v, String key, boolean otherwise) {
    String s = v.get(key);
    if (s == null || s.isBlank()) {
      return otherwise;
    }
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException("expected true or false for --" + key + ", got " + s);
    };
  }

  /** {@code 500ms}, {@code 15s}, {@code 1m} or plain seconds. */
  private static Duration duration(Map<String, String> v, String key, Duration otherwise) {
    String s = v.get(key);
    if (s == null || s.isBlank()) {
      return otherwise;
    }
    s = s.trim();
    try {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      if (s.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
      }
      if (s.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
      }
      return Duration.ofSeconds(Long.parseLong(s));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "expected a duration like 15s or 500ms for --" + key + ", got " + s, e);
    }
  }

  /**
   * {@code name} in {@code namespace} unless it names its own ({@code ns/name}); the chart passes
   * bare names.
   */
  private static String qualify(String name, String namespace) {
    return name.contains("/") ? name : namespace + "/" + name;
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
