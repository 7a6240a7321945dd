package org.openeuler.nestos.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.api.validation.TestSupport.yaml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class CelCostBoundsTest {

  private static final String CRD =
      """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: things.test.nestos.openeuler.org}
            spec:
              group: test.nestos.openeuler.org
              names: {kind: Thing, plural: things}
              scope: Cluster
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema:
                      type: object
                      properties:
                        metadata: {type: object}
                        spec:
                          type: object
                          properties:
                            free:
                              type: array
                              items: {type: string}
                            checked:
                              type: object
                              x-kubernetes-validations:
                                - rule: "true"
                              properties:
                                boundedList:
                                  type: array
                                  maxItems: 4
                                  items: {type: string, maxLength: 8}
                                unboundedList:
                                  type: array
                                  items:
                                    type: object
                                    properties:
                                      name: {type: string}
                                      mode: {type: string, enum: [A, B]}
                                      when: {type: string, format: date-time}
                                      count: {type: integer}
                                      size: {x-kubernetes-int-or-string: true}
                                boundedMap:
                                  type: object
                                  maxProperties: 2
                                  additionalProperties: {type: string, maxLength: 3}
                                unboundedMap:
                                  type: object
                                  additionalProperties: {type: integer}
            """;

  @Test
  void reportsEveryUnboundedValueUnderARule() {
    assertThat(CelCostBounds.unboundedPaths(yaml(CRD)))
        .containsExactly(
            "v1:spec.checked.unboundedList",
            "v1:spec.checked.unboundedList[*].name",
            "v1:spec.checked.unboundedMap");
  }

  @Test
  void fullyBoundedCrdHasNoFindings() {
    ObjectNode crd = (ObjectNode) yaml(CRD);
    ObjectNode checked =
        (ObjectNode)
            crd.at(
                "/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/checked/properties");
    ((ObjectNode) checked.get("unboundedList")).put("maxItems", 3);
    ((ObjectNode) checked.at("/unboundedList/items/properties/name")).put("maxLength", 63);
    ((ObjectNode) checked.get("unboundedMap")).put("maxProperties", 5);
    assertThat(CelCostBounds.unboundedPaths(crd)).isEmpty();
  }

  @Test
  void ruleAtTheRootCoversEverything() {
    ObjectNode crd = (ObjectNode) yaml(CRD);
    ((ObjectNode) crd.at("/spec/versions/0/schema/openAPIV3Schema"))
        .putArray("x-kubernetes-validations")
        .addObject()
        .put("rule", "true");
    assertThat(CelCostBounds.unboundedPaths(crd))
        .contains("v1:spec.free", "v1:spec.free[*]")
        .doesNotContain("v1:metadata");
  }

  @Test
  void widgetTestCrdIsBounded() {
    assertThat(CelCostBounds.unboundedPaths(TestSupport.resource("validation/widgets-crd.yaml")))
        .isEmpty();
  }
}
