package org.openeuler.nestos.operator.core.render;

import java.util.Objects;
import org.openeuler.nestos.api.v1alpha1.OSVersionSpec;

/** An OSVersion as the renderer sees it: its name and spec. */
public record OsVersionInput(String name, OSVersionSpec spec) {
  public OsVersionInput {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(spec, "spec");
  }
}
