package org.openeuler.nestos.daemon.core.sysctl;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.openeuler.nestos.api.v1alpha1.Patterns;

/**
 * The host-independent rules for one sysctl (docs/design.md §5): the same rules the NodeConfig CRD
 * enforces at admission (name pattern and length, value line breaks and length, the CEL
 * deny-lists), re-checked on the node because the daemon reads NodeState, whose schema does not
 * carry the deny-lists.
 */
public final class SysctlRules {

  /** Keys whose value the kernel runs as a program with root rights. */
  public static final Set<String> RUNS_PROGRAM_AS_ROOT =
      Set.of("kernel.modprobe", "kernel.poweroff_cmd", "kernel.hotplug");

  /** {@code kernel.core_pattern} is refused only when it pipes to a program. */
  public static final String CORE_PATTERN = "kernel.core_pattern";

  /** Keys the kubelet sets and checks itself ({@code --protect-kernel-defaults}). */
  public static final Set<String> KUBELET_MANAGED =
      Set.of(
          "vm.overcommit_memory",
          "vm.panic_on_oom",
          "kernel.panic",
          "kernel.panic_on_oops",
          "kernel.keys.root_maxkeys",
          "kernel.keys.root_maxbytes");

  public static final int NAME_MIN = 3;
  public static final int NAME_MAX = 253;
  public static final int VALUE_MAX = 1024;

  private static final Pattern NAME = Pattern.compile(Patterns.SYSCTL_NAME);
  private static final Pattern PIPE = Pattern.compile("^\\s*\\|");

  private SysctlRules() {}

  /** The first error for a key and value, or empty when both are acceptable. */
  public static Optional<SysctlFinding> check(String name, String value) {
    Optional<SysctlFinding> n = checkName(name);
    if (n.isPresent()) {
      return n;
    }
    if (RUNS_PROGRAM_AS_ROOT.contains(name)) {
      return finding(
          name,
          SysctlReason.RUNS_PROGRAM_AS_ROOT,
          "the kernel runs this value as a program as root");
    }
    if (CORE_PATTERN.equals(name) && value != null && PIPE.matcher(value).find()) {
      return finding(
          name,
          SysctlReason.RUNS_PROGRAM_AS_ROOT,
          "a core_pattern piping to a program would run it as root");
    }
    if (KUBELET_MANAGED.contains(name)) {
      return finding(name, SysctlReason.KUBELET_MANAGED, "the kubelet manages this sysctl");
    }
    return checkValue(name, value);
  }

  /**
   * Grammar: dotted, lower-case first segment, no {@code /}, no empty segment, 3 to 253 characters.
   */
  public static Optional<SysctlFinding> checkName(String name) {
    if (name == null || name.length() < NAME_MIN || name.length() > NAME_MAX) {
      return finding(
          String.valueOf(name),
          SysctlReason.INVALID_NAME,
          "a sysctl key has " + NAME_MIN + " to " + NAME_MAX + " characters");
    }
    if (name.indexOf('/') >= 0) {
      return finding(
          name, SysctlReason.INVALID_NAME, "use the dotted form: '/' is not accepted in a key");
    }
    if (!NAME.matcher(name).matches()) {
      return finding(
          name,
          SysctlReason.INVALID_NAME,
          "not a dotted sysctl key (pattern "
              + Patterns.SYSCTL_NAME
              + "; no empty segment such as '..')");
    }
    return Optional.empty();
  }

  /** A value is one line of at most 1024 characters. */
  public static Optional<SysctlFinding> checkValue(String name, String value) {
    if (value == null) {
      return finding(name, SysctlReason.INVALID_VALUE, "a value is required");
    }
    if (value.length() > VALUE_MAX) {
      return finding(
          name, SysctlReason.INVALID_VALUE, "a value has at most " + VALUE_MAX + " characters");
    }
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      return finding(name, SysctlReason.INVALID_VALUE, "a value has no line breaks");
    }
    return Optional.empty();
  }

  private static Optional<SysctlFinding> finding(String name, SysctlReason reason, String message) {
    return Optional.of(new SysctlFinding(name, reason, message));
  }
}
