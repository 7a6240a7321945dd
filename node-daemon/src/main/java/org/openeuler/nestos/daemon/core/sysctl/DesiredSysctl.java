package org.openeuler.nestos.daemon.core.sysctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.openeuler.nestos.api.v1alpha1.OwnedSysctl;

/**
 * A sysctl the node should have: key, value and the policies owning it ({@code Kind/name}, winner
 * first).
 */
public record DesiredSysctl(String name, String value, List<String> owners) {

  public DesiredSysctl {
    Objects.requireNonNull(name, "name");
    owners = owners == null ? List.of() : List.copyOf(owners);
  }

  public static DesiredSysctl of(String name, String value, String... owners) {
    return new DesiredSysctl(name, value, List.of(owners));
  }

  /** From {@code NodeState.spec.sysctls}; a null list is empty. */
  public static List<DesiredSysctl> fromSpec(List<OwnedSysctl> sysctls) {
    List<DesiredSysctl> out = new ArrayList<>();
    if (sysctls != null) {
      for (OwnedSysctl s : sysctls) {
        out.add(new DesiredSysctl(s.name(), s.value(), s.owners()));
      }
    }
    return out;
  }

  /** The value to write: as given, without surrounding whitespace. */
  public String writeValue() {
    return value == null ? "" : value.strip();
  }
}
