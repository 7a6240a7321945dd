package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A disruption grant: what the daemon may do, bound to a ticket, a boot and a revision. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        // `!has(self.allowed)`: kube-apiserver checks the rule against the parent's `default: {}`
        // before inner defaults apply (it refused the CRD without it)
        "!has(self.allowed) || self.allowed == 'None' || (has(self.ticket) && has(self.bootID)"
            + " && has(self.revision))",
    message = "a Stage or Reboot grant carries ticket, bootID and revision")
public record Disruption(
    @JsonPropertyDescription(
            "None: live changes only. Stage: deploy the image with finalization locked. Reboot: drain"
                + " is done, finalize and reboot. Default None.")
        @Default("None")
        Allowed allowed,
    @JsonPropertyDescription("Grant id; the daemon claims it by writing status.acceptedTicket.")
        @Size(max = 128)
        String ticket,
    @JsonPropertyDescription("The node boot (status.bootID) the grant was issued for.")
        @Size(max = 64)
        String bootID,
    @JsonPropertyDescription("The spec revision the grant was issued for.") @Size(max = 64)
        String revision) {

  /** Disruption levels. */
  public enum Allowed {
    None,
    Stage,
    Reboot
  }
}
