package org.openeuler.nestos.operator.core.rollout;

import java.util.List;
import java.util.Objects;

/**
 * What the renderer wants on a node: the image (plain digest-pinned OCI reference), the rendered
 * revision and the project-owned kernel argument tokens, in order.
 */
public record NodeTarget(String osImage, String revision, List<String> kernelArguments) {
  public NodeTarget {
    Objects.requireNonNull(osImage, "osImage");
    Objects.requireNonNull(revision, "revision");
    kernelArguments = kernelArguments == null ? List.of() : List.copyOf(kernelArguments);
  }
}
