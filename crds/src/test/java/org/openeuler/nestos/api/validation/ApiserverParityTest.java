package org.openeuler.nestos.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.openeuler.nestos.api.validation.TestSupport.DIGEST;
import static org.openeuler.nestos.api.validation.TestSupport.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.validation.FieldError.Type;

/**
 * What the differential admission test (DifferentialAdmissionKubeIT) found our validator did
 * differently from kube-apiserver 1.35, pinned here without a server
 * (docs/admission-differential.md).
 */
class ApiserverParityTest {

  private final CrdSchema schema = TestSupport.widgets();

  private AdmissionResult admit(String specYaml) {
    return schema.admit(
        yaml(
            """
                apiVersion: test.nestos.openeuler.org/v1
                kind: Widget
                metadata: {name: w1}
                spec:
                """
                + ("image: registry.example.com/os@sha256:" + DIGEST + "\nmode: Fast\n" + specYaml)
                    .indent(2)),
        null,
        Strictness.STRICT);
  }

  @Test
  void integralFloatIsAnIntegerAndIsStoredAsOne() {
    AdmissionResult r = admit("replicas: 2.0\n");
    assertThat(r.errors()).isEmpty();
    assertThat(r.object().at("/spec/replicas").isIntegralNumber()).isTrue();
    assertThat(r.object().at("/spec/replicas").asInt()).isEqualTo(2);
  }

  @Test
  void integerBeyondInt64IsAFloatAndNotAnInteger() {
    assertThat(admit("replicas: 9223372036854775808\n").errors())
        .extracting(FieldError::field, FieldError::type)
        .contains(tuple("spec.replicas", Type.FieldValueTypeInvalid));
    // int64 max is an integer (above the maximum)
    assertThat(admit("replicas: 9223372036854775807\n").errors())
        .extracting(FieldError::field, FieldError::type)
        .contains(tuple("spec.replicas", Type.FieldValueInvalid))
        .doesNotContain(tuple("spec.replicas", Type.FieldValueTypeInvalid));
  }

  @Test
  void nullMapValueIsDropped() {
    AdmissionResult r = admit("labels: {a: x, b: null}\n");
    assertThat(r.errors()).isEmpty();
    assertThat(r.object().at("/spec/labels").size()).isEqualTo(1);
    assertThat(r.object().at("/spec/labels/b").isMissingNode()).isTrue();
  }

  @Test
  void repeatedSetItemIsReportedOnceAtItsSecondOccurrence() {
    assertThat(admit("tags: [a, b, a, a]\n").errors())
        .extracting(FieldError::field, FieldError::type)
        .containsExactly(tuple("spec.tags[2]", Type.FieldValueDuplicate));
    assertThat(
            admit(
                    "sysctls: [{name: a, value: '1'}, {name: a, value: '2'}, {name: a, value: '3'}]\n")
                .errors())
        .extracting(FieldError::field)
        .containsExactly("spec.sysctls[1]");
  }

  @Test
  void nonObjectItemOfAMapListIsInvalid() {
    assertThat(admit("sysctls: [{name: a, value: '1'}, 7]\n").errors())
        .extracting(FieldError::field, FieldError::type)
        .contains(tuple("spec.sysctls[1]", Type.FieldValueInvalid));
  }

  @Test
  void onlyRequiredEnumTooLongTooManyAndTypeErrorsKeepRulesFromRunning() {
    // a pattern error does not block: the rule (more than 5 replicas need mode Slow) still runs
    List<FieldError> pattern = admit("replicas: 6\nhostname: '-x'\ntags: [a, a]\n").errors();
    assertThat(pattern).extracting(FieldError::message).doesNotContain(CrdSchema.RULES_NOT_CHECKED);
    assertThat(pattern)
        .extracting(FieldError::message)
        .anySatisfy(m -> assertThat(m).contains("more than 5 replicas need mode Slow"));
    // too many blocks; list-type duplicates are still reported
    List<FieldError> tooMany = admit("replicas: 6\ntags: [a, a, b, c, d]\n").errors();
    assertThat(tooMany)
        .extracting(FieldError::field, FieldError::type)
        .containsExactly(
            tuple("spec.tags", Type.FieldValueTooMany),
            tuple("spec.tags[1]", Type.FieldValueDuplicate),
            tuple("", Type.FieldValueInvalid));
  }

  @Test
  void dateTimeFormatAsKubeOpenApiChecksIt() {
    assertThat(Formats.valid("date-time", "2024-01-01T00:00:00Z")).isTrue();
    assertThat(Formats.valid("date-time", "2024-01-01t08:00:00.5+08:00")).isTrue();
    assertThat(Formats.valid("date-time", "2024-02-30T00:00:00Z")).isFalse();
    assertThat(Formats.valid("date-time", "2024-01-01T24:00:00Z")).isFalse();
    assertThat(Formats.valid("date-time", "2024-01-01T00:00:00")).isFalse();
    assertThat(Formats.valid("date-time", "2024-01-01")).isFalse();
    assertThat(Formats.valid("date-time", "yesterday")).isFalse();
    assertThat(Formats.valid("date", "2024-02-29")).isTrue();
    assertThat(Formats.valid("date", "2023-02-29")).isFalse();
    // a bad date-time is a type error, which keeps the rules from running
    JsonNode crd = TestSupport.resource("validation/widgets-crd.yaml").deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode)
            crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/note"))
        .put("format", "date-time");
    CrdSchema withFormat = CrdSchema.forVersion(crd, "v1");
    assertThat(
            withFormat
                .admit(
                    yaml(
                        "{apiVersion: test.nestos.openeuler.org/v1, kind: Widget, metadata: {name:"
                            + " w1}, spec: {image: 'registry.example.com/os@sha256:"
                            + DIGEST
                            + "', mode: Fast, note: soon}}"),
                    null,
                    Strictness.STRICT)
                .errors())
        .extracting(FieldError::field, FieldError::type)
        .containsExactly(
            tuple("spec.note", Type.FieldValueTypeInvalid), tuple("", Type.FieldValueInvalid));
  }

  @Test
  void defaultsAreValidatedAsWrittenBeforeInnerDefaults() {
    JsonNode crd = TestSupport.resource("validation/widgets-crd.yaml").deepCopy();
    assertThat(CrdSchema.forVersion(crd, "v1").defaultErrors()).isEmpty();
    // spec.rollout has default {} and strategy defaults to Rolling: unguarded, the rule fails on {}
    JsonNode rollout =
        crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/rollout");
    ((com.fasterxml.jackson.databind.node.ObjectNode) rollout)
        .set(
            "x-kubernetes-validations",
            yaml("[{rule: \"self.strategy == 'Rolling' || self.timeoutSeconds > 0\"}]"));
    assertThat(CrdSchema.forVersion(crd, "v1").defaultErrors())
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .startsWith("spec.rollout.default: ")
                    .contains("strategy")
                    .contains("is not present"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) rollout)
        .set(
            "x-kubernetes-validations",
            yaml(
                "[{rule: \"!has(self.strategy) || self.strategy == 'Rolling' ||"
                    + " self.timeoutSeconds > 0\"}]"));
    assertThat(CrdSchema.forVersion(crd, "v1").defaultErrors()).isEmpty();
    // a default that breaks its own schema
    ((com.fasterxml.jackson.databind.node.ObjectNode)
            rollout.at("/properties/window/properties/start"))
        .put("default", "00:00:00");
    assertThat(CrdSchema.forVersion(crd, "v1").defaultErrors())
        .singleElement()
        .satisfies(e -> assertThat(e).startsWith("spec.rollout.window.start.default: Too long"));
  }
}
