package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A recurring window in which the rollout may start disrupting new nodes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(
    value = Schemas.Merge.class,
    input = "{\"properties\":{\"days\":{\"x-kubernetes-list-type\":\"set\"}}}")
public record MaintenanceWindow(
    @JsonPropertyDescription(
            "Days of the week (in timeZone) the window opens; empty means every day.")
        @Size(max = 7)
        List<Day> days,
    @JsonPropertyDescription("Opening time, HH:MM on a 24 hour clock, in timeZone.")
        @Required
        @Size(max = 5)
        @Pattern(Patterns.HH_MM)
        String startTime,
    @JsonPropertyDescription("How long the window stays open, in minutes (1 to 10080, one week).")
        @Required
        @Min(1)
        @Max(10080)
        Integer durationMinutes,
    @JsonPropertyDescription(
            "IANA time zone of days and startTime, e.g. Europe/Berlin. Default UTC.")
        @Default("UTC")
        @Size(max = 64)
        @Pattern("^[A-Za-z][A-Za-z0-9_+/-]*$")
        String timeZone) {

  /** Days of the week. */
  public enum Day {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday
  }
}
