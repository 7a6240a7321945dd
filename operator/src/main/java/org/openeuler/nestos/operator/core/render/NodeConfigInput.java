package org.openeuler.nestos.operator.core.render;

import java.util.Objects;
import org.openeuler.nestos.api.v1alpha1.NodeConfigSpec;

/** A NodeConfig as the renderer sees it: its name and spec. */
public record NodeConfigInput(String name, NodeConfigSpec spec) {
  public NodeConfigInput {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(spec, "spec");
  }

  /** The spec's priority, 0 when unset (the CRD default). */
  public int priority() {
    return spec.priority() == null ? 0 : spec.priority();
  }

  /** Owner string written into NodeState ({@code NodeConfig/<name>}). */
  public String owner() {
    return "NodeConfig/" + name;
  }
}
