package org.openeuler.nestos.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldsV1Test {

  @Test
  void roundTripsWithDotForMembersWithChildren() {
    Set<List<String>> paths =
        Set.of(
            List.of("f:metadata", "f:labels", "f:app"),
            List.of("f:spec", "f:list", "k:{\"name\":\"a\"}"),
            List.of("f:spec", "f:list", "k:{\"name\":\"a\"}", "f:name"));
    var json = FieldsV1.encode(paths);
    assertThat(json)
        .isEqualTo(
            Json.parse(
                "{'f:metadata':{'f:labels':{'f:app':{}}},"
                    + "'f:spec':{'f:list':{'k:{\"name\":\"a\"}':{'.':{},'f:name':{}}}}}"));
    assertThat(FieldsV1.decode(json)).containsExactlyInAnyOrderElementsOf(paths);
  }

  @Test
  void keyTokensAreNormalisedSortedAndDisplayedLikeKubernetes() {
    var decoded =
        FieldsV1.decode(
            Json.parse("{'f:ports':{'k:{\"protocol\":\"TCP\",\"containerPort\":80}':{}}}"));
    List<String> path = decoded.iterator().next();
    assertThat(path).containsExactly("f:ports", "k:{\"containerPort\":80,\"protocol\":\"TCP\"}");
    assertThat(FieldPaths.display(path)).isEqualTo(".ports[containerPort=80,protocol=\"TCP\"]");
    assertThat(FieldPaths.display(List.of("f:metadata", "f:finalizers", "v:\"x\"")))
        .isEqualTo(".metadata.finalizers[=\"x\"]");
  }
}
