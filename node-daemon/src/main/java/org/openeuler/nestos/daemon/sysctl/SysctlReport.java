package org.openeuler.nestos.daemon.sysctl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openeuler.nestos.api.v1alpha1.SysctlIssue;
import org.openeuler.nestos.api.v1alpha1.SysctlSummary;
import org.openeuler.nestos.daemon.core.sysctl.SysctlFinding;

/**
 * Outcome of one sysctl pass.
 *
 * @param outcome what happened to the pass as a whole
 * @param applied desired keys that are live and persisted with the desired value after the pass
 * @param written keys written live with a desired value (empty when the pass was undone)
 * @param restored keys set back to their original (empty when the pass was undone)
 * @param drifted owned keys found changed behind the project's back (re-applied when the pass
 *     succeeded)
 * @param findings refusals, failures and warnings, per key
 */
public record SysctlReport(
    Outcome outcome,
    int applied,
    List<String> written,
    List<String> restored,
    List<String> drifted,
    List<SysctlFinding> findings) {

  /** {@code NodeState.status.sysctls.issues} holds at most this many entries. */
  public static final int MAX_ISSUES = 32;

  static final int MAX_MESSAGE = 1024;

  /** The pass as a whole. */
  public enum Outcome {
    /** Validated and applied (possibly with no change at all). */
    APPLIED,
    /** Validation found errors; nothing was written. */
    REJECTED,
    /** A write failed; the writes of this pass were undone. */
    FAILED
  }

  public SysctlReport {
    written = List.copyOf(written);
    restored = List.copyOf(restored);
    drifted = List.copyOf(drifted);
    findings = List.copyOf(findings);
  }

  /**
   * For {@code NodeState.status.sysctls}: one issue per key (errors first, messages merged), at
   * most 32.
   */
  public SysctlSummary toSummary() {
    Map<String, List<SysctlFinding>> byKey = new LinkedHashMap<>();
    findings.stream()
        .sorted(
            Comparator.comparing((SysctlFinding f) -> !f.isError())
                .thenComparing(SysctlFinding::name))
        .forEach(f -> byKey.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(f));
    List<SysctlIssue> issues = new ArrayList<>();
    for (Map.Entry<String, List<SysctlFinding>> e : byKey.entrySet()) {
      if (issues.size() == MAX_ISSUES) {
        break;
      }
      List<SysctlFinding> fs = e.getValue();
      String message =
          String.join(
              "; ",
              fs.stream()
                  .map(f -> fs.size() > 1 ? f.reason().value() + ": " + f.message() : f.message())
                  .toList());
      if (message.length() > MAX_MESSAGE) {
        message = message.substring(0, MAX_MESSAGE - 3) + "...";
      }
      String name = e.getKey().length() > 253 ? e.getKey().substring(0, 253) : e.getKey();
      issues.add(new SysctlIssue(name, fs.get(0).reason().value(), message));
    }
    return new SysctlSummary(applied, issues.isEmpty() ? null : issues);
  }
}
