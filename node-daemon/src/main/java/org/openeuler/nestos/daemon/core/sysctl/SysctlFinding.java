package org.openeuler.nestos.daemon.core.sysctl;

import java.util.Objects;

/** One issue about one key: a refusal, a failure or a warning. */
public record SysctlFinding(String name, SysctlReason reason, String message) {

  public SysctlFinding {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(reason, "reason");
    message = message == null ? "" : message;
  }

  public boolean isError() {
    return reason.isError();
  }
}
