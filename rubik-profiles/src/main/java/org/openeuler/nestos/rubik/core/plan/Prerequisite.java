package org.openeuler.nestos.rubik.core.plan;

/**
 * A kernel setting a feature needs.
 *
 * @param kind sysctl (live) or kernel argument (needs a reboot)
 * @param name sysctl key, or the kernel argument token (e.g. {@code psi=1}, {@code
 *     cgroup1_writeback})
 * @param value sysctl value; {@code null} for kernel arguments (the token is the value)
 * @param feature the RubikFeatures field that needs it, e.g. {@code memoryPreemption}
 */
public record Prerequisite(Kind kind, String name, String value, String feature) {

  /** Kind of kernel setting. */
  public enum Kind {
    Sysctl,
    KernelArgument
  }

  /** A sysctl prerequisite. */
  public static Prerequisite sysctl(String key, String value, String feature) {
    return new Prerequisite(Kind.Sysctl, key, value, feature);
  }

  /** A kernel argument prerequisite. */
  public static Prerequisite karg(String token, String feature) {
    return new Prerequisite(Kind.KernelArgument, token, null, feature);
  }

  /** Status form, e.g. {@code sysctl vm.memcg_qos_enable=1} or {@code karg psi=1}. */
  public String display() {
    return kind == Kind.Sysctl ? "sysctl " + name + "=" + value : "karg " + name;
  }
}
