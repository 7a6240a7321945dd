package org.openeuler.nestos.daemon.core.sysctl;

import java.util.Optional;
import org.openeuler.nestos.api.ConditionReason;

/**
 * Why a sysctl was refused, failed or warned about ({@code SysctlIssue.reason}). Values that exist
 * in {@link ConditionReason} reuse its wire value; the others are sysctl-specific and live only
 * here.
 */
public enum SysctlReason {
  /** Not a dotted key (e.g. contains {@code /} or an empty segment). */
  INVALID_NAME("InvalidName", Severity.ERROR),
  /** Value has a line break or is too long. */
  INVALID_VALUE("InvalidValue", Severity.ERROR),
  RUNS_PROGRAM_AS_ROOT(ConditionReason.RUNS_PROGRAM_AS_ROOT.value(), Severity.ERROR),
  KUBELET_MANAGED(ConditionReason.KUBELET_MANAGED.value(), Severity.ERROR),
  /** No {@code /proc/sys} file for the key on this kernel. */
  NOT_FOUND("NotFound", Severity.ERROR),
  NOT_WRITABLE("NotWritable", Severity.ERROR),
  /** The current value cannot be read, so it could not be restored later. */
  NOT_READABLE("NotReadable", Severity.ERROR),
  /**
   * Network-namespaced (or IPC-namespaced) key: only the host namespace changes, pods keep their
   * own.
   */
  NAMESPACED_KEY("NamespacedKey", Severity.WARNING),
  /** A write failed or the kernel did not take the value; the pass was undone. */
  APPLY_FAILED(ConditionReason.APPLY_FAILED.value(), Severity.ERROR),
  /** The key was ours but no original value is known any more; left as it is. */
  NO_ORIGINAL("NoOriginal", Severity.WARNING),
  /** The live value differed from what the project applied; re-applied. */
  DRIFT_DETECTED(ConditionReason.DRIFT_DETECTED.value(), Severity.WARNING);

  /** Errors block the pass; warnings are reported only. */
  public enum Severity {
    ERROR,
    WARNING
  }

  private final String value;
  private final Severity severity;

  SysctlReason(String value, Severity severity) {
    this.value = value;
    this.severity = severity;
  }

  /** The wire value (CamelCase). */
  public String value() {
    return value;
  }

  public Severity severity() {
    return severity;
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** The shared {@link ConditionReason} with the same wire value, if there is one. */
  public Optional<ConditionReason> conditionReason() {
    for (ConditionReason r : ConditionReason.values()) {
      if (r.value().equals(value)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return value;
  }
}
