package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** Drain settings (cordon, then evictions through the Eviction API, PDBs respected). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = Schemas.LabelSelectorField.class, input = "blockingPodSelector")
public record DrainSpec(
    @JsonPropertyDescription(
            "Give up draining after this many seconds: uncordon, report DrainBlocked, retry later. Default 600.")
        @Default("600")
        @Min(0)
        @Max(86400)
        Integer timeoutSeconds,
    @JsonPropertyDescription(
            "Grace period for evicted pods in seconds; unset uses each pod's own terminationGracePeriodSeconds.")
        @Min(0)
        @Max(86400)
        Integer gracePeriodSeconds,
    @JsonPropertyDescription(
            "Also delete pods not managed by a controller (they are lost). Default false.")
        @Default("false")
        Boolean deleteUnmanagedPods,
    @JsonPropertyDescription(
            "Also evict pods using emptyDir volumes (their data is lost). Default false.")
        @Default("false")
        Boolean deleteEmptyDirData,
    @JsonPropertyDescription(
            "After timeoutSeconds delete remaining pods instead of evicting them (bypasses PDBs). Default false.")
        @Default("false")
        Boolean disableEvictionAfterTimeout,
    @JsonPropertyDescription(
            "Pods matching this selector on a node block its drain (the node is skipped until they are gone).")
        LabelSelector blockingPodSelector) {}
