package org.openeuler.nestos.daemon.core.sysctl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates a whole desired set before anything is written (docs/design.md §5): the {@link
 * SysctlRules} (grammar, deny-lists, kubelet-managed keys, value), then the host facts (file
 * exists, is writable, its current value can be read so it can be checkpointed), then warnings for
 * namespaced keys. One error anywhere blocks the whole pass.
 */
public final class SysctlValidator {

  private SysctlValidator() {}

  /** {@code live} holds what was read per key; a key without an entry counts as missing. */
  public static SysctlValidation validate(List<DesiredSysctl> desired, Map<String, LiveKey> live) {
    List<SysctlFinding> findings = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (DesiredSysctl d : desired) {
      String previous = seen.putIfAbsent(d.name(), d.value());
      if (previous != null) {
        findings.add(new SysctlFinding(d.name(), SysctlReason.INVALID_NAME, "key listed twice"));
        continue;
      }
      Optional<SysctlFinding> rule = SysctlRules.check(d.name(), d.value());
      if (rule.isPresent()) {
        findings.add(rule.get());
        continue;
      }
      hostFinding(d.name(), live.get(d.name())).ifPresent(findings::add);
      if (SysctlKeys.isNamespaced(d.name())) {
        findings.add(
            new SysctlFinding(
                d.name(),
                SysctlReason.NAMESPACED_KEY,
                "namespaced sysctl: only the host namespace changes; pods keep their own value"));
      }
    }
    return new SysctlValidation(findings);
  }

  private static Optional<SysctlFinding> hostFinding(String name, LiveKey key) {
    if (key == null || !key.exists()) {
      return Optional.of(
          new SysctlFinding(name, SysctlReason.NOT_FOUND, "no such sysctl on this kernel"));
    }
    if (!key.writable()) {
      return Optional.of(
          new SysctlFinding(name, SysctlReason.NOT_WRITABLE, "the sysctl is read-only here"));
    }
    if (key.value() == null) {
      return Optional.of(
          new SysctlFinding(
              name,
              SysctlReason.NOT_READABLE,
              "the current value cannot be read, so it could not be restored"));
    }
    return Optional.empty();
  }
}
