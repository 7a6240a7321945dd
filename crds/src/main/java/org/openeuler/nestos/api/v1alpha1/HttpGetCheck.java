package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** An HTTP GET issued from the node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!self.url.matches('" + HttpGetCheck.USERINFO + "')",
    fieldPath = ".url",
    message =
        "url must not carry credentials (user:password@): the URL is shown in NodeState status and"
            + " events")
public record HttpGetCheck(
    @JsonPropertyDescription("URL to get, http or https (e.g. http://127.0.0.1:10248/healthz).")
        @Required
        @Size(max = 2048)
        @Pattern("^https?://[^\\s]+$")
        String url) {

  /** A URL whose authority carries userinfo ({@code user[:password]@host}). */
  public static final String USERINFO = "^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*@";
}
