package org.openeuler.nestos.daemon.kube;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * The fields of its Node the daemon reads (docs/decisions.md §20): its uid (a NodeState names the
 * Node it was rendered for), whether it is cordoned and its annotations (a Reboot grant is claimed
 * only on a Node the operator cordoned for it).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeView(Metadata metadata, Spec spec) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Metadata(String name, String uid, Map<String, String> annotations) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Spec(Boolean unschedulable) {}

  public String uid() {
    return metadata == null ? null : metadata.uid();
  }

  public boolean unschedulable() {
    return spec != null && Boolean.TRUE.equals(spec.unschedulable());
  }

  public Map<String, String> annotations() {
    return metadata == null || metadata.annotations() == null ? Map.of() : metadata.annotations();
  }
}
