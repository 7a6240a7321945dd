package org.openeuler.nestos.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.validation.Incompatibility.Kind;

class CrdCompatibilityUnitTest {

  private final JsonNode baseline = TestSupport.resource("validation/widgets-crd.yaml");

  private List<Incompatibility> mutate(Consumer<ObjectNode> mutation) {
    ObjectNode candidate = baseline.deepCopy();
    mutation.accept(candidate);
    return CrdCompatibility.compare(baseline, candidate);
  }

  private static ObjectNode spec(ObjectNode crd) {
    return (ObjectNode) crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
  }

  private static ObjectNode prop(ObjectNode crd, String name) {
    return (ObjectNode) spec(crd).get("properties").get(name);
  }

  @Test
  void identicalIsCompatible() {
    assertThat(CrdCompatibility.compare(baseline, baseline.deepCopy())).isEmpty();
  }

  @Test
  void additiveChangesAreCompatible() {
    assertThat(
            mutate(
                crd -> {
                  ((ObjectNode) spec(crd).get("properties"))
                      .putObject("newOptional")
                      .put("type", "string")
                      .put("maxLength", 10);
                  ((ArrayNode) prop(crd, "mode").get("enum")).add("Medium");
                  prop(crd, "replicas").put("maximum", 100);
                  prop(crd, "labels").put("maxProperties", 10);
                  prop(crd, "image").put("description", "the image");
                  ObjectNode v2 = ((ArrayNode) crd.at("/spec/versions")).addObject();
                  v2.put("name", "v2").put("served", true).put("storage", false);
                  v2.putObject("schema")
                      .set(
                          "openAPIV3Schema",
                          crd.at("/spec/versions/0/schema/openAPIV3Schema").deepCopy());
                }))
        .isEmpty();
  }

  @Test
  void removedField() {
    assertThat(mutate(crd -> ((ObjectNode) spec(crd).get("properties")).remove("locked")))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.kind()).isEqualTo(Kind.REMOVED_FIELD);
              assertThat(i.path()).isEqualTo("spec.locked");
              assertThat(i.version()).isEqualTo("v1");
            });
    assertThat(
            mutate(
                crd ->
                    ((ObjectNode) prop(crd, "sysctls").get("items").get("properties"))
                        .remove("value")))
        .extracting(Incompatibility::path, Incompatibility::kind)
        .contains(org.assertj.core.groups.Tuple.tuple("spec.sysctls[*].value", Kind.REMOVED_FIELD));
  }

  @Test
  void changedType() {
    assertThat(mutate(crd -> prop(crd, "replicas").put("type", "string")))
        .extracting(Incompatibility::kind)
        .containsExactly(Kind.CHANGED_TYPE);
    assertThat(
            mutate(
                crd -> {
                  prop(crd, "maxUnavailable").remove("x-kubernetes-int-or-string");
                  prop(crd, "maxUnavailable").put("type", "integer");
                }))
        .extracting(Incompatibility::kind)
        .contains(Kind.CHANGED_TYPE);
    assertThat(mutate(crd -> prop(crd, "tags").put("x-kubernetes-list-type", "atomic")))
        .extracting(Incompatibility::kind)
        .containsExactly(Kind.CHANGED_TYPE);
  }

  @Test
  void newlyRequired() {
    assertThat(mutate(crd -> ((ArrayNode) spec(crd).get("required")).add("replicas")))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.kind()).isEqualTo(Kind.NEWLY_REQUIRED);
              assertThat(i.path()).isEqualTo("spec.replicas");
            });
  }

  @Test
  void removedEnumValue() {
    assertThat(mutate(crd -> ((ArrayNode) prop(crd, "mode").get("enum")).remove(1)))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.kind()).isEqualTo(Kind.REMOVED_ENUM_VALUE);
              assertThat(i.detail()).contains("\"Slow\"");
            });
  }

  @Test
  void removedOrUnservedVersion() {
    assertThat(mutate(crd -> ((ObjectNode) crd.at("/spec/versions/0")).put("name", "v2")))
        .singleElement()
        .extracting(Incompatibility::kind)
        .isEqualTo(Kind.REMOVED_VERSION);
    assertThat(mutate(crd -> ((ObjectNode) crd.at("/spec/versions/0")).put("served", false)))
        .singleElement()
        .extracting(Incompatibility::kind)
        .isEqualTo(Kind.REMOVED_VERSION);
  }

  @Test
  void tightenedBoundsAndNewRules() {
    assertThat(mutate(crd -> prop(crd, "hostname").put("maxLength", 32)))
        .extracting(Incompatibility::kind)
        .containsExactly(Kind.TIGHTENED_VALIDATION);
    assertThat(
            mutate(
                crd ->
                    ((ArrayNode) prop(crd, "hostname").get("x-kubernetes-validations"))
                        .addObject()
                        .put("rule", "self != 'localhost'")))
        .extracting(Incompatibility::kind)
        .containsExactly(Kind.ADDED_RULE);
  }
}
