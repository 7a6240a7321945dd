package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Image verification and pull settings of an {@link OSVersion}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        // has(): kube-apiserver checks rules against the parent's `default: {}` before inner
        // defaults
        "has(self.verification) && self.verification == 'OstreeRemote' ? has(self.ostreeRemote)"
            + " : !has(self.ostreeRemote)",
    message = "ostreeRemote must be set exactly when verification is OstreeRemote")
public record ImagePolicy(
    @JsonPropertyDescription(
            "Signature verification: Unverified (ostree-unverified-registry) or OstreeRemote"
                + " (ostree-remote-registry, GPG keys of an ostree remote). ContainersPolicy"
                + " (the host's containers policy.json) is not offered: it is not proven end to end"
                + " (docs/private-registries.md).")
        @Default("Unverified")
        Verification verification,
    @JsonPropertyDescription(
            "The ostree remote whose keys verify the image; required for OstreeRemote.")
        OstreeRemote ostreeRemote,
    @JsonPropertyDescription(
            "Name of a kubernetes.io/dockerconfigjson Secret (in the operator namespace) used to pull the image.")
        @Size(max = 253)
        @Pattern(Patterns.DNS_SUBDOMAIN)
        String pullSecretName) {

  /**
   * Image verification modes. {@code ContainersPolicy} was removed until it can be proven end to
   * end (docs/decisions.md §16).
   */
  public enum Verification {
    Unverified,
    OstreeRemote
  }
}
