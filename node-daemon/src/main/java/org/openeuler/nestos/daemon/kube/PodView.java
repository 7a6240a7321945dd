package org.openeuler.nestos.daemon.kube;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * The fields of a Pod the daemon reads, and nothing else (docs/decisions.md §20): what the QoS
 * planner needs (identity, labels, annotations, priority, containers' resources and ids, QoS class,
 * phase) and what a {@code PodsReady} health check counts (the Ready condition). Reading pods into
 * fabric8's {@code Pod} made Jackson load and introspect the whole Pod type graph (~350 classes)
 * and kept every field of every pod on the node in memory.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PodView(Metadata metadata, Spec spec, Status status) {

  /** Identity and the maps the planner matches on. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Metadata(
      String name,
      String namespace,
      String uid,
      String resourceVersion,
      Map<String, String> labels,
      Map<String, String> annotations) {}

  /** Where the pod runs, its priority and its containers. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Spec(
      String nodeName, String priorityClassName, Integer priority, List<Container> containers) {}

  /** A container's name and its resources (quantities as the API writes them, e.g. "250m"). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Container(String name, Resources resources) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Resources(Map<String, String> limits, Map<String, String> requests) {}

  /** What the kubelet reports. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Status(
      String phase,
      String qosClass,
      List<Condition> conditions,
      List<ContainerStatus> containerStatuses) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Condition(String type, String status) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ContainerStatus(String name, String containerID) {}

  /** The pod's name (tests, logs). */
  public String name() {
    return metadata == null ? null : metadata.name();
  }

  /** Whether the pod's Ready condition is True. */
  public boolean ready() {
    return status != null
        && status.conditions() != null
        && status.conditions().stream()
            .anyMatch(c -> "Ready".equals(c.type()) && "True".equals(c.status()));
  }
}
