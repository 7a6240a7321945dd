package org.openeuler.nestos.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ListSchemaTest {

  @Test
  void readsOpenApiExtensionsThroughItemsAndAdditionalProperties() {
    ListSchema schema =
        ListSchema.fromOpenApiV3(
            Json.parse(
                """
        {"type":"object","properties":{"spec":{"type":"object","properties":{
          "groups":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name","zone"],
            "items":{"type":"object","properties":{"tags":{"type":"array","x-kubernetes-list-type":"set"}}}},
          "byName":{"type":"object","additionalProperties":{"type":"object","properties":{
            "sel":{"type":"object","x-kubernetes-map-type":"atomic"}}}}}}}}"""));
    assertThat(schema.list(List.of("spec", "groups")))
        .isEqualTo(ListSchema.ListInfo.map("name", "zone"));
    assertThat(schema.list(List.of("spec", "groups", "tags"))).isEqualTo(ListSchema.ListInfo.SET);
    assertThat(schema.list(List.of("spec", "unknown"))).isEqualTo(ListSchema.ListInfo.ATOMIC);
    assertThat(schema.mapType(List.of("spec", "byName", "anything", "sel")))
        .isEqualTo(ListSchema.MapType.ATOMIC);
    assertThat(schema.mapType(List.of("spec", "byName"))).isEqualTo(ListSchema.MapType.GRANULAR);
    assertThat(schema.list(List.of("metadata", "finalizers"))).isEqualTo(ListSchema.ListInfo.SET);
    assertThat(schema.list(List.of("metadata", "ownerReferences")))
        .isEqualTo(ListSchema.ListInfo.map("uid"));
  }

  @Test
  void builtinTableDistinguishesApplyAndPatchStrategies() {
    ListSchema node = BuiltinListSchemas.forKind("v1", "Node");
    assertThat(node.list(List.of("spec", "taints"))).isEqualTo(ListSchema.ListInfo.ATOMIC);
    assertThat(node.list(List.of("status", "addresses"))).isEqualTo(ListSchema.ListInfo.ATOMIC);
    assertThat(node.patchStrategy(List.of("status", "addresses")))
        .isEqualTo(ListSchema.ListInfo.map("type"));
    ListSchema pod = BuiltinListSchemas.forKind("v1", "Pod");
    assertThat(pod.list(List.of("spec", "containers", "ports")))
        .isEqualTo(ListSchema.ListInfo.map("containerPort", "protocol"));
    assertThat(pod.list(List.of("status", "containerStatuses")))
        .isEqualTo(ListSchema.ListInfo.ATOMIC);
  }
}
