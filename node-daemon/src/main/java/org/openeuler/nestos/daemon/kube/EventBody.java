package org.openeuler.nestos.daemon.kube;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A core/v1 Event as the daemon records it (docs/decisions.md §20): on its NodeState, from the
 * component {@code nestos-node-daemon} on its host.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventBody(
    Metadata metadata,
    Reference involvedObject,
    String reason,
    String message,
    String type,
    Source source,
    String firstTimestamp,
    String lastTimestamp,
    Integer count) {

  @JsonProperty("apiVersion")
  public String apiVersion() {
    return "v1";
  }

  @JsonProperty("kind")
  public String kind() {
    return "Event";
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Metadata(String generateName, String namespace) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Reference(String apiVersion, String kind, String name, String uid) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Source(String component, String host) {}
}
