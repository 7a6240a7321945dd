package org.openeuler.nestos.daemon.core.sysctl;

import java.util.List;

/** All findings of validating one desired set; the pass may write only when {@link #ok()}. */
public record SysctlValidation(List<SysctlFinding> findings) {

  public SysctlValidation {
    findings = List.copyOf(findings);
  }

  public boolean ok() {
    return errors().isEmpty();
  }

  public List<SysctlFinding> errors() {
    return findings.stream().filter(SysctlFinding::isError).toList();
  }

  public List<SysctlFinding> warnings() {
    return findings.stream().filter(f -> !f.isError()).toList();
  }
}
