package org.openeuler.nestos.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.api.validation.TestSupport.DIGEST;
import static org.openeuler.nestos.api.validation.TestSupport.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.validation.FieldError.Type;

class CrdSchemaTest {

  private final CrdSchema schema = TestSupport.widgets();

  private static ObjectNode widget(String specYaml) {
    return (ObjectNode)
        yaml(
            """
                apiVersion: test.nestos.openeuler.org/v1
                kind: Widget
                metadata:
                  name: w1
                  labels: {a: b}
                  annotations: {x: y}
                spec:
                """
                + specYaml.indent(2));
  }

  private static String base() {
    return "image: registry.example.com/nestos/os@sha256:" + DIGEST + "\nmode: Fast\n";
  }

  private List<FieldError> errors(String spec) {
    return schema.admit(widget(base() + spec), null, Strictness.STRICT).errors();
  }

  /**
   * The errors before the final {@link CrdSchema#RULES_NOT_CHECKED}, which must be there: like
   * kube-apiserver, a required, enum, too-long, too-many or type error keeps the CEL rules from
   * running.
   */
  private static List<FieldError> blocked(List<FieldError> errs) {
    assertThat(errs).isNotEmpty();
    assertThat(errs.get(errs.size() - 1).message()).isEqualTo(CrdSchema.RULES_NOT_CHECKED);
    assertThat(errs.get(errs.size() - 1).field()).isEmpty();
    return errs.subList(0, errs.size() - 1);
  }

  @Test
  void metadataAndIdentity() {
    assertThat(schema.apiVersion()).isEqualTo("test.nestos.openeuler.org/v1");
    assertThat(schema.kind()).isEqualTo("Widget");
    assertThat(schema.compilationErrors()).isEmpty();
  }

  @Test
  void validObjectAdmitsWithDefaults() {
    AdmissionResult r =
        schema.admit(
            widget(
                base()
                    + """
                weights:
                  a: {}
                  b: {weight: 3}
                """),
            null,
            Strictness.STRICT);
    assertThat(r.errors()).isEmpty();
    assertThat(r.allowed()).isTrue();
    JsonNode spec = r.object().get("spec");
    // default: {} on rollout makes its inner defaults apply
    assertThat(spec.at("/rollout/timeoutSeconds").asInt()).isEqualTo(600);
    assertThat(spec.at("/rollout/strategy").asText()).isEqualTo("Rolling");
    // nested object without default: {} stays absent
    assertThat(spec.at("/rollout/window").isMissingNode()).isTrue();
    assertThat(spec.get("maxUnavailable").asInt()).isEqualTo(1);
    // defaults apply inside additionalProperties values
    assertThat(spec.at("/weights/a/weight").asInt()).isEqualTo(1);
    assertThat(spec.at("/weights/b/weight").asInt()).isEqualTo(3);
    // metadata is kept whole (not pruned against the CRD stub)
    assertThat(r.object().at("/metadata/labels/a").asText()).isEqualTo("b");
    assertThat(r.object().at("/metadata/annotations/x").asText()).isEqualTo("y");
  }

  @Test
  void defaultsInsidePresentObjectAndNullHandling() {
    JsonNode d =
        schema.applyDefaults(
            widget(
                base()
                    + """
                rollout:
                  window: {}
                mode: null
                note: null
                """));
    assertThat(d.at("/spec/rollout/window/start").asText()).isEqualTo("00:00");
    assertThat(d.at("/spec/rollout/timeoutSeconds").asInt()).isEqualTo(600);
    // non-nullable null without a default is dropped; nullable null stays
    assertThat(d.at("/spec/mode").isMissingNode()).isTrue();
    assertThat(d.at("/spec/note").isNull()).isTrue();
    assertThat(blocked(schema.validate(d, null)))
        .extracting(FieldError::field, FieldError::type)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("spec.mode", Type.FieldValueRequired));
  }

  @Test
  void typeError() {
    List<FieldError> errs = errors("replicas: three\n");
    assertThat(errs).hasSize(2);
    assertThat(errs.get(1).message()).isEqualTo(CrdSchema.RULES_NOT_CHECKED);
    assertThat(errs.get(0))
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("spec.replicas");
              assertThat(e.type()).isEqualTo(Type.FieldValueTypeInvalid);
              assertThat(e.message())
                  .isEqualTo(
                      "Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"");
            });
  }

  @Test
  void enumError() {
    assertThat(
            blocked(
                schema
                    .admit(
                        widget("image: registry.example.com/os@sha256:" + DIGEST + "\nmode: Foo\n"),
                        null,
                        Strictness.STRICT)
                    .errors()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("spec.mode");
              assertThat(e.type()).isEqualTo(Type.FieldValueNotSupported);
              assertThat(e.message())
                  .isEqualTo("Unsupported value: \"Foo\": supported values: \"Fast\", \"Slow\"");
            });
  }

  @Test
  void patternMinimumMaximum() {
    List<FieldError> errs =
        schema
            .admit(
                widget(
                    """
                image: registry.example.com/os:latest
                mode: Fast
                replicas: 11
                """),
                null,
                Strictness.STRICT)
            .errors();
    assertThat(errs).extracting(FieldError::field).contains("spec.image", "spec.replicas");
    assertThat(errs)
        .filteredOn(e -> e.field().equals("spec.image"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.message())
                    .startsWith(
                        "Invalid value: \"registry.example.com/os:latest\": spec.image in body should match '^"));
    assertThat(errs)
        .filteredOn(e -> e.field().equals("spec.replicas"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.message())
                    .isEqualTo(
                        "Invalid value: 11: spec.replicas in body should be less than or equal to 10"));
    assertThat(errors("replicas: -1\n"))
        .singleElement()
        .extracting(FieldError::message)
        .isEqualTo("Invalid value: -1: spec.replicas in body should be greater than or equal to 0");
  }

  @Test
  void requiredFields() {
    List<FieldError> errs =
        blocked(schema.admit(widget("replicas: 1\n"), null, Strictness.STRICT).errors());
    assertThat(errs)
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder("spec.image", "spec.mode");
    assertThat(errs)
        .allSatisfy(
            e -> {
              assertThat(e.type()).isEqualTo(Type.FieldValueRequired);
              assertThat(e.message()).isEqualTo("Required value");
            });
    assertThat(blocked(errors("sysctls: [{name: a}]\n")))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("spec.sysctls[0].value");
              assertThat(e.type()).isEqualTo(Type.FieldValueRequired);
            });
  }

  @Test
  void metadataName() {
    ObjectNode w = widget(base());
    ((ObjectNode) w.get("metadata")).remove("name");
    assertThat(blocked(schema.validate(w, null)))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("metadata.name");
              assertThat(e.type()).isEqualTo(Type.FieldValueRequired);
              assertThat(e.message()).contains("name or generateName is required");
            });
    ((ObjectNode) w.get("metadata")).put("name", "a-name-that-is-longer-than-twenty");
    assertThat(blocked(schema.validate(w, null)))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("metadata.name");
              assertThat(e.type()).isEqualTo(Type.FieldValueTooLong);
            });
  }

  @Test
  void unknownFieldsStrictVersusPrune() {
    ObjectNode w =
        widget(
            base()
                + """
                bogus: 1
                rollout: {speed: fast}
                sysctls: [{name: a, value: b, extra: c}]
                weights: {k: {weight: 2, junk: true}}
                extra: {anything: {goes: here}}
                """);
    ((ObjectNode) w).put("topLevel", "x");
    assertThat(schema.unknownFields(w))
        .containsExactly(
            "spec.bogus",
            "spec.rollout.speed",
            "spec.sysctls[0].extra",
            "spec.weights[k].junk",
            "topLevel");
    AdmissionResult strict = schema.admit(w, null, Strictness.STRICT);
    assertThat(strict.errors())
        .extracting(FieldError::field)
        .containsExactly(
            "spec.bogus",
            "spec.rollout.speed",
            "spec.sysctls[0].extra",
            "spec.weights[k].junk",
            "topLevel");
    assertThat(strict.errors())
        .allSatisfy(e -> assertThat(e.type()).isEqualTo(Type.FieldValueUnknown));
    assertThat(strict.errors().get(0).message()).isEqualTo("unknown field \"spec.bogus\"");

    AdmissionResult pruned = schema.admit(w, null, Strictness.PRUNE);
    assertThat(pruned.errors()).isEmpty();
    assertThat(pruned.warnings()).hasSize(5);
    JsonNode o = pruned.object();
    assertThat(o.at("/spec/bogus").isMissingNode()).isTrue();
    assertThat(o.at("/spec/sysctls/0/extra").isMissingNode()).isTrue();
    assertThat(o.at("/spec/sysctls/0/value").asText()).isEqualTo("b");
    assertThat(o.at("/spec/extra/anything/goes").asText()).isEqualTo("here");
    assertThat(o.has("topLevel")).isFalse();
    assertThat(o.get("apiVersion").asText()).isEqualTo("test.nestos.openeuler.org/v1");
    // the input is not modified
    assertThat(w.at("/spec/bogus").asInt()).isEqualTo(1);
    // validate() itself honours strictness
    assertThat(schema.validate(w, null, Strictness.PRUNE)).isEmpty();
    assertThat(schema.validate(w, null, Strictness.STRICT)).hasSize(5);
  }

  @Test
  void celRuleWithMessageOnObject() {
    assertThat(errors("httpGet: {port: 80}\nexec: {command: [a]}\n"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("spec");
              assertThat(e.type()).isEqualTo(Type.FieldValueInvalid);
              assertThat(e.message())
                  .isEqualTo("Invalid value: \"object\": exactly one of httpGet, exec may be set");
            });
    assertThat(errors("httpGet: {port: 80}\n")).isEmpty();
  }

  @Test
  void celOptionalSyntax() {
    assertThat(errors("replicas: 6\n"))
        .singleElement()
        .extracting(FieldError::message)
        .isEqualTo("Invalid value: \"object\": more than 5 replicas need mode Slow");
    assertThat(errors("replicas: 5\n")).isEmpty();
  }

  @Test
  void listItemRulesWithFieldPathReasonAndMessageExpression() {
    List<FieldError> errs =
        errors(
            """
                sysctls:
                  - {name: net.ipv4.ip_forward, value: "1"}
                  - {name: kernel.core_pattern, value: core}
                  - {name: "net/../x", value: "1"}
                """);
    assertThat(errs).hasSize(2);
    assertThat(errs.get(0))
        .isEqualTo(
            new FieldError(
                "spec.sysctls[1].name",
                Type.FieldValueForbidden,
                "Forbidden: sysctl kernel.core_pattern is denied"));
    assertThat(errs.get(1))
        .isEqualTo(
            new FieldError(
                "spec.sysctls[2].name",
                Type.FieldValueInvalid,
                "Invalid value: \"object\": sysctl name must not contain '/' or '..'"));
  }

  @Test
  void listMapDuplicateKeyAndSetDuplicate() {
    List<FieldError> errs =
        errors(
            """
                sysctls:
                  - {name: a, value: "1"}
                  - {name: a, value: "2"}
                tags: [x, y, x]
                """);
    assertThat(errs)
        .extracting(FieldError::field, FieldError::type)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("spec.sysctls[1]", Type.FieldValueDuplicate),
            org.assertj.core.groups.Tuple.tuple("spec.tags[2]", Type.FieldValueDuplicate));
    assertThat(errs)
        .extracting(FieldError::message)
        .contains("Duplicate value: {\"name\":\"a\"}", "Duplicate value: \"x\"");
  }

  @Test
  void boundsErrors() {
    List<FieldError> errs =
        errors(
            """
                labels: {a: "1", b: "2", c: "3", d: "4"}
                tags: [a, b, c, d, e]
                hostname: %s
                """
                .formatted("h".repeat(64)));
    assertThat(errs)
        .extracting(FieldError::field, FieldError::type)
        .contains(
            org.assertj.core.groups.Tuple.tuple("spec.labels", Type.FieldValueTooMany),
            org.assertj.core.groups.Tuple.tuple("spec.tags", Type.FieldValueTooMany),
            org.assertj.core.groups.Tuple.tuple("spec.hostname", Type.FieldValueTooLong));
    assertThat(errs)
        .extracting(FieldError::message)
        .contains(
            "Too many: 5: must have at most 4 items", "Too long: may not be more than 63 bytes");
    assertThat(blocked(errors("labels: {a: \"%s\"}\n".formatted("v".repeat(64)))))
        .singleElement()
        .extracting(FieldError::field)
        .isEqualTo("spec.labels[a]");
  }

  @Test
  void intOrString() {
    assertThat(errors("maxUnavailable: 2\n")).isEmpty();
    assertThat(errors("maxUnavailable: 25%\n")).isEmpty();
    assertThat(errors("maxUnavailable: 150%\n"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("spec.maxUnavailable");
              assertThat(e.message())
                  .contains("must be a non-negative integer or a percentage 0%-100%");
            });
    assertThat(errors("maxUnavailable: -1\n"))
        .singleElement()
        .extracting(FieldError::message)
        .asString()
        .contains("must be a non-negative integer");
    assertThat(errors("maxUnavailable: true\n"))
        .extracting(FieldError::type)
        .contains(Type.FieldValueTypeInvalid);
  }

  @Test
  void stringsExtensionRule() {
    assertThat(errors("hostname: node-1.example.org\n")).isEmpty();
    assertThat(errors("hostname: Node.example.org\n"))
        .singleElement()
        .extracting(FieldError::message)
        .isEqualTo("Invalid value: \"string\": hostname must be lower-case dot-separated labels");
    assertThat(errors("hostname: a..b\n")).hasSize(1);
  }

  @Test
  void macrosOnListRules() {
    assertThat(errors("exec: {command: [run, -a, -b]}\n")).isEmpty();
    assertThat(errors("exec: {command: [run, -a, -b, -c]}\n"))
        .singleElement()
        .extracting(FieldError::field)
        .isEqualTo("spec.exec.command");
    assertThat(errors("exec: {command: [run, \"\"]}\n")).hasSize(1);
  }

  @Test
  void mapValueRules() {
    assertThat(errors("weights: {a: {weight: 0}, b: {}}\n"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("spec.weights[a]");
              assertThat(e.message())
                  .isEqualTo("Invalid value: \"object\": weight must be positive");
            });
  }

  @Test
  void ruleSkippedWhenValueAbsentOrNull() {
    assertThat(errors("")).isEmpty();
    assertThat(errors("note: null\n")).isEmpty();
  }

  @Test
  void transitionRules() {
    ObjectNode old =
        widget(base() + "locked: true\nsysctls: [{name: vm.swappiness, value: \"10\"}]\n");
    ObjectNode changedImage =
        widget(
            "image: registry.example.com/nestos/os@sha256:"
                + "f".repeat(64)
                + "\nmode: Fast\nlocked: true\nsysctls: [{name: vm.swappiness, value: \"10\"}]\n");
    // create: transition rules are skipped
    assertThat(schema.admit(changedImage, null, Strictness.STRICT).errors()).isEmpty();
    // update: image change while locked is refused, at the rule's fieldPath
    assertThat(schema.admit(changedImage, old, Strictness.STRICT).errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("spec.image");
              assertThat(e.message())
                  .isEqualTo("Invalid value: \"object\": image is immutable while locked");
            });
    // unlocked old object: allowed
    ObjectNode unlocked = old.deepCopy();
    ((ObjectNode) unlocked.get("spec")).put("locked", false);
    assertThat(schema.admit(changedImage, unlocked, Strictness.STRICT).errors()).isEmpty();
    // list-map items correlate by key: changing vm.swappiness value is refused, adding a new one is
    // not
    ObjectNode changedSysctl =
        widget(
            base()
                + "locked: true\nsysctls: [{name: vm.dirty_ratio, value: \"5\"}, {name: vm.swappiness, value: \"60\"}]\n");
    assertThat(schema.admit(changedSysctl, old, Strictness.STRICT).errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("spec.sysctls[1]");
              assertThat(e.message()).contains("vm.* sysctls are immutable");
            });
  }

  @Test
  void optionalOldSelfRunsOnCreateToo() {
    assertThat(errors("generation: 1\n")).isEmpty();
    assertThat(errors("generation: 3\n"))
        .singleElement()
        .extracting(FieldError::message)
        .isEqualTo("Invalid value: \"integer\": generation starts at 1 and never decreases");
    ObjectNode old = widget(base() + "generation: 3\n");
    assertThat(schema.admit(widget(base() + "generation: 4\n"), old, Strictness.STRICT).errors())
        .isEmpty();
    assertThat(schema.admit(widget(base() + "generation: 2\n"), old, Strictness.STRICT).errors())
        .singleElement()
        .extracting(FieldError::field)
        .isEqualTo("spec.generation");
  }

  @Test
  void fieldPathJoin() {
    assertThat(CrdSchema.withFieldPath("spec", ".a.b")).isEqualTo("spec.a.b");
    assertThat(CrdSchema.withFieldPath("", ".spec")).isEqualTo("spec");
    assertThat(CrdSchema.withFieldPath("spec", ".m['k']")).isEqualTo("spec.m[k]");
    assertThat(CrdSchema.withFieldPath("spec.l[2]", "")).isEqualTo("spec.l[2]");
  }

  @Test
  void badRuleIsReportedAsCompilationError() {
    ObjectNode crd = (ObjectNode) TestSupport.resource("validation/widgets-crd.yaml");
    ObjectNode spec =
        (ObjectNode) crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
    ((com.fasterxml.jackson.databind.node.ArrayNode) spec.get("x-kubernetes-validations"))
        .addObject()
        .put("rule", "self.image ==");
    CrdSchema broken = CrdSchema.forVersion(crd, "v1");
    assertThat(broken.compilationErrors())
        .singleElement()
        .asString()
        .startsWith("spec: self.image ==");
    assertThat(broken.admit(widget(base()), null, Strictness.STRICT).errors())
        .singleElement()
        .extracting(FieldError::message)
        .asString()
        .contains("compilation failed");
  }

  @Test
  void registryDispatchesByApiVersionAndKind() {
    CrdSchemas reg = CrdSchemas.of(List.of(TestSupport.resource("validation/widgets-crd.yaml")));
    assertThat(reg.find("test.nestos.openeuler.org/v1", "Widget")).isPresent();
    assertThat(reg.admit(widget(base()), null, Strictness.STRICT).allowed()).isTrue();
    ObjectNode other = widget(base()).put("kind", "Gadget");
    assertThat(reg.admit(other, null, Strictness.STRICT).errors())
        .singleElement()
        .extracting(FieldError::field)
        .isEqualTo("kind");
    // fromClasspath finds only nestos CRDs under META-INF/fabric8 (possibly none)
    assertThat(CrdSchemas.fromClasspath().schemas())
        .allSatisfy(s -> assertThat(s.group()).isEqualTo("nestos.openeuler.org"));
  }
}
