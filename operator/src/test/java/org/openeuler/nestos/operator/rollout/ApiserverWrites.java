package org.openeuler.nestos.operator.rollout;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes counted by kube-apiserver itself: its {@code apiserver_request_total} counter (Prometheus
 * text from {@code /metrics}) summed per "VERB resource[/subresource]". The counter has no
 * user-agent label, so the operator's writes are told apart by resource: in the rollout benchmark
 * only the operator writes Nodes (cordon, taint, uncordon), NodeState specs (renderer, grants) and
 * OSVersion status and metadata (finalizer); the simulated daemons write only {@code
 * nodestates/status} and the harness only the one unpausing OSVersion patch, which {@link
 * #operatorWrites} subtracts.
 */
final class ApiserverWrites {

  private static final Pattern SAMPLE =
      Pattern.compile("^apiserver_request_total\\{([^}]*)}\\s+([0-9.eE+]+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final Set<String> WRITE_VERBS = Set.of("POST", "PUT", "PATCH", "APPLY", "DELETE");

  private ApiserverWrites() {}

  /** "VERB resource[/subresource]" -> requests, from the apiserver's Prometheus text. */
  static Map<String, Long> parse(String metrics) {
    Map<String, Long> out = new HashMap<>();
    for (String line : metrics.split("\n")) {
      Matcher m = SAMPLE.matcher(line.trim());
      if (!m.matches()) {
        continue;
      }
      Map<String, String> labels = new HashMap<>();
      Matcher l = LABEL.matcher(m.group(1));
      while (l.find()) {
        labels.put(l.group(1), l.group(2));
      }
      String sub = labels.getOrDefault("subresource", "");
      String key =
          labels.getOrDefault("verb", "?")
              + " "
              + labels.getOrDefault("resource", "")
              + (sub.isEmpty() ? "" : "/" + sub);
      out.merge(key, (long) Double.parseDouble(m.group(2)), Long::sum);
    }
    return out;
  }

  /** {@code now - before}, per key. */
  static Map<String, Long> since(Map<String, Long> before, Map<String, Long> now) {
    Map<String, Long> out = new HashMap<>();
    now.forEach((k, v) -> out.put(k, v - before.getOrDefault(k, 0L)));
    return out;
  }

  /**
   * Writes (POST, PUT, PATCH, APPLY, DELETE) on {@code resource} ("nodes", "osversions/status").
   */
  static long writes(Map<String, Long> counts, String resource) {
    return counts.entrySet().stream()
        .filter(e -> WRITE_VERBS.contains(e.getKey().split(" ")[0]))
        .filter(e -> e.getKey().split(" ", 2)[1].equals(resource))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /**
   * The operator's writes of a rollout (events and evictions excluded, as docs/design.md §9
   * counts).
   */
  static long operatorWrites(Map<String, Long> counts) {
    long harnessUnpause = 1;
    return writes(counts, "nodes")
        + writes(counts, "nodestates")
        + writes(counts, "osversions")
        + writes(counts, "osversions/status")
        - harnessUnpause;
  }
}
