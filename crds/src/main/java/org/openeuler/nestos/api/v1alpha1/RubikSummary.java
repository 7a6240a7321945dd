package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Outcome of applying the rubik profile on a node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(
    value = Schemas.Merge.class,
    input =
        "{\"properties\":{"
            + "\"backends\":{\"x-kubernetes-list-type\":\"map\",\"x-kubernetes-list-map-keys\":[\"feature\"]},"
            + "\"restartRequiredPods\":{\"x-kubernetes-list-type\":\"map\",\"x-kubernetes-list-map-keys\":[\"namespace\",\"name\"]}}}")
public record RubikSummary(
    @JsonPropertyDescription("Backend in effect per enabled feature (or Unsupported).")
        @Size(max = 16)
        List<FeatureBackend> backends,
    @JsonPropertyDescription("Online pods on the node.") @Min(0) @Max(Integer.MAX_VALUE)
        Integer onlinePods,
    @JsonPropertyDescription("Offline pods on the node.") @Min(0) @Max(Integer.MAX_VALUE)
        Integer offlinePods,
    @JsonPropertyDescription("Kernel prerequisites missing on the node.") @Size(max = 32)
        List<@Size(max = 512) String> missingPrerequisites,
    @JsonPropertyDescription(
            "Pods moved offline -> online that keep offline CPU QoS until restarted (RestartRequired).")
        @Size(max = 64)
        List<PodRef> restartRequiredPods,
    @JsonPropertyDescription(
            "cgroup writes and restores that failed or read back another value in the last pass;"
                + " the NodeState's Degraded condition (reason ApplyFailed) names the first.")
        @Min(0)
        @Max(Integer.MAX_VALUE)
        Integer failedWrites,
    @JsonPropertyDescription(
            "features.psi (mode Native): the pressure stall at or over the threshold that makes the"
                + " operator evict offline pods from this node; absent while below it.")
        PsiPressure pressure,
    @JsonPropertyDescription(
            "features.dynMemory (mode Native): the memory.high, in MiB (rounded down), each offline"
                + " pod gets now"
                + " (fssr: 80% of the node's memory, down 10% at once when available memory falls"
                + " under the reserve, up 1% per minute of ample memory; never under 30%).")
        @Min(0)
        @Max(Integer.MAX_VALUE)
        Integer offlineMemoryHighMiB) {

  /** A summary without failed writes. */
  public RubikSummary(
      List<FeatureBackend> backends,
      Integer onlinePods,
      Integer offlinePods,
      List<String> missingPrerequisites,
      List<PodRef> restartRequiredPods) {
    this(
        backends,
        onlinePods,
        offlinePods,
        missingPrerequisites,
        restartRequiredPods,
        null,
        null,
        null);
  }

  /** This summary with {@code failedWrites} set (null when zero, so a clean node shows none). */
  public RubikSummary withFailedWrites(int failed) {
    return new RubikSummary(
        backends,
        onlinePods,
        offlinePods,
        missingPrerequisites,
        restartRequiredPods,
        failed == 0 ? null : failed,
        pressure,
        offlineMemoryHighMiB);
  }

  /**
   * This summary with the node's pressure report and dynamic memory limit in bytes (null: none).
   */
  public RubikSummary withMonitor(PsiPressure psi, Long memoryHighBytes) {
    return new RubikSummary(
        backends,
        onlinePods,
        offlinePods,
        missingPrerequisites,
        restartRequiredPods,
        failedWrites,
        psi,
        memoryHighBytes == null ? null : (int) Math.min(Integer.MAX_VALUE, memoryHighBytes >> 20));
  }
}
