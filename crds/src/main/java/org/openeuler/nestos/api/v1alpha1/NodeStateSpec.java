package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Rendered desired state of one node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(
    value = Schemas.Merge.class,
    input =
        "{\"properties\":{\"sysctls\":{\"x-kubernetes-list-type\":\"map\",\"x-kubernetes-list-map-keys\":[\"name\"]}}}")
public record NodeStateSpec(
    @JsonPropertyDescription("Name of the Node; equals metadata.name.") @Required @Size(max = 253)
        String nodeName,
    @JsonPropertyDescription(
            "UID of the Node, so a re-created node with the same name is not mistaken for this one.")
        @Size(max = 64)
        String nodeUID,
    @JsonPropertyDescription("Hash of the rendered desired state below (excluding disruption).")
        @Size(max = 64)
        String revision,
    @JsonPropertyDescription(
            "Image the node should run (digest-pinned plain OCI reference); unset when no OSVersion selects it.")
        @Size(max = 512)
        @Pattern(Patterns.DIGEST_IMAGE)
        String osImage,
    @JsonPropertyDescription("Name of the OSVersion that owns osImage.") @Size(max = 253)
        String osVersionRef,
    @JsonPropertyDescription(
            "How the daemon verifies osImage (copied from the owning OSVersion; unset means Unverified).")
        ImagePolicy imagePolicy,
    @JsonPropertyDescription(
            "Ordered kernel argument tokens the project owns on this node, with the policies owning each.")
        @Size(max = 256)
        List<OwnedKernelArgument> kernelArguments,
    @JsonPropertyDescription("Sysctls with the winning value and the policies owning each key.")
        @Size(max = 256)
        List<OwnedSysctl> sysctls,
    @JsonPropertyDescription(
            "QoS profile from the winning RubikPolicy; unset when none selects the node.")
        RubikProfile rubikProfile,
    @JsonPropertyDescription("Health gate copied from the owning OSVersion.") HealthGate healthGate,
    @JsonPropertyDescription(
            "What the daemon may disrupt now, granted by the operator's rollout planner.")
        @Default("{}")
        Disruption disruption) {

  /** This spec with {@code disruption} instead of its own. */
  public NodeStateSpec withDisruption(Disruption disruption) {
    return new NodeStateSpec(
        nodeName,
        nodeUID,
        revision,
        osImage,
        osVersionRef,
        imagePolicy,
        kernelArguments,
        sysctls,
        rubikProfile,
        healthGate,
        disruption);
  }
}
