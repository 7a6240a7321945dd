package org.openeuler.nestos.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Create/read/update/delete semantics of the test API server as the fabric8 client sees them. */
class CrudSemanticsMockTest {

  static TestApiServer server;
  static KubernetesClient client;
  static MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      widgets;

  @BeforeAll
  static void start() {
    server = TestApiServer.start();
    client = new KubernetesClientBuilder().withConfig(server.clientConfig()).build();
    client.load(CrudSemanticsMockTest.class.getResourceAsStream("/widgets-crd.yaml")).create();
    widgets = client.genericKubernetesResources("test.nestos.io/v1", "Widget");
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  static GenericKubernetesResource widget(String name, Map<String, Object> spec) {
    GenericKubernetesResource w = new GenericKubernetesResource();
    w.setApiVersion("test.nestos.io/v1");
    w.setKind("Widget");
    w.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName(name)
            .withNamespace("default")
            .build());
    if (spec != null) {
      w.setAdditionalProperty("spec", spec);
    }
    return w;
  }

  @SuppressWarnings("unchecked")
  @Test
  void createAppliesSchemaDefaultsAndSystemMetadata() {
    GenericKubernetesResource created =
        widgets.inNamespace("default").resource(widget("defaults", null)).create();

    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(created.getMetadata().getCreationTimestamp()).isNotBlank();
    assertThat((Map<String, Object>) created.get("spec")).containsEntry("size", 1);
  }

  @SuppressWarnings("unchecked")
  @Test
  void generationMovesOnSpecChangesOnlyAndStatusGoesThroughItsSubresource() {
    widgets.inNamespace("default").resource(widget("gen", Map.of("size", 2))).create();
    GenericKubernetesResource edited =
        widgets
            .inNamespace("default")
            .withName("gen")
            .edit(
                w -> {
                  w.setAdditionalProperty("spec", Map.of("size", 3));
                  return w;
                });
    assertThat(edited.getMetadata().getGeneration()).isEqualTo(2L);

    GenericKubernetesResource withStatus = widgets.inNamespace("default").withName("gen").get();
    withStatus.setAdditionalProperty("status", Map.of("observedGeneration", 2));
    GenericKubernetesResource afterStatus =
        widgets.inNamespace("default").resource(withStatus).updateStatus();
    assertThat(afterStatus.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat((Map<String, Object>) afterStatus.get("status"))
        .containsEntry("observedGeneration", 2);

    GenericKubernetesResource sneaky = widgets.inNamespace("default").withName("gen").get();
    sneaky.setAdditionalProperty("status", Map.of("observedGeneration", 99));
    GenericKubernetesResource ignored = widgets.inNamespace("default").resource(sneaky).update();
    assertThat((Map<String, Object>) ignored.get("status")).containsEntry("observedGeneration", 2);
  }

  @Test
  void staleResourceVersionIsAConflict() {
    GenericKubernetesResource created =
        widgets.inNamespace("default").resource(widget("stale", Map.of("size", 1))).create();
    widgets
        .inNamespace("default")
        .withName("stale")
        .edit(
            w -> {
              w.setAdditionalProperty("spec", Map.of("size", 5));
              return w;
            });
    created.setAdditionalProperty("spec", Map.of("size", 7));

    assertThatThrownBy(() -> widgets.inNamespace("default").resource(created).update())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(409));
  }

  @Test
  void schemaAndCelViolationsAre422WithFieldCauses() {
    assertThatThrownBy(
            () ->
                widgets
                    .inNamespace("default")
                    .resource(widget("black", Map.of("color", "black")))
                    .create())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(
            e -> {
              KubernetesClientException k = (KubernetesClientException) e;
              assertThat(k.getCode()).isEqualTo(422);
              assertThat(k.getStatus().getReason()).isEqualTo("Invalid");
              assertThat(k.getStatus().getMessage()).contains("black widgets are not allowed");
              assertThat(k.getStatus().getDetails().getCauses())
                  .anySatisfy(c -> assertThat(c.getField()).startsWith("spec"));
            });
    assertThatThrownBy(
            () ->
                widgets
                    .inNamespace("default")
                    .resource(widget("huge", Map.of("size", 1000)))
                    .create())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(
            e ->
                assertThat(((KubernetesClientException) e).getStatus().getDetails().getCauses())
                    .anySatisfy(c -> assertThat(c.getField()).isEqualTo("spec.size")));
    assertThat(widgets.inNamespace("default").withName("black").get()).isNull();
  }

  @Test
  void unknownFieldsArePrunedOrRefusedWithStrictFieldValidation() {
    RawHttp raw = new RawHttp(server.url());
    String body =
        """
        {"apiVersion":"test.nestos.io/v1","kind":"Widget","metadata":{"name":"%s"},"spec":{"size":2,"bogus":true}}""";
    RawHttp.Reply strict =
        raw.post(
            "/apis/test.nestos.io/v1/namespaces/default/widgets?fieldValidation=Strict",
            body.formatted("strict"));
    assertThat(strict.code()).isEqualTo(400);
    assertThat(strict.body().path("message").asText()).contains("unknown field \"spec.bogus\"");

    RawHttp.Reply warn =
        raw.post("/apis/test.nestos.io/v1/namespaces/default/widgets", body.formatted("warn"));
    assertThat(warn.code()).isEqualTo(201);
    assertThat(warn.body().path("spec").has("bogus")).isFalse();
    assertThat(warn.raw().headers().allValues("Warning"))
        .anySatisfy(w -> assertThat(w).contains("spec.bogus"));
  }

  @Test
  void finalizersHoldDeletionUntilRemoved() {
    GenericKubernetesResource w = widget("final", Map.of("size", 1));
    w.getMetadata().setFinalizers(List.of("test.nestos.io/hold"));
    widgets.inNamespace("default").resource(w).create();

    widgets.inNamespace("default").withName("final").delete();
    GenericKubernetesResource deleting = widgets.inNamespace("default").withName("final").get();
    assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotBlank();

    widgets
        .inNamespace("default")
        .withName("final")
        .edit(
            x -> {
              x.getMetadata().setFinalizers(List.of());
              return x;
            });
    assertThat(widgets.inNamespace("default").withName("final").get()).isNull();
  }

  @Test
  void dependentsAreGarbageCollectedWithTheirOwner() {
    var owner =
        client
            .configMaps()
            .inNamespace("default")
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("owner")
                    .withNamespace("default")
                    .endMetadata()
                    .build())
            .create();
    GenericKubernetesResource dependent = widget("dependent", Map.of("size", 1));
    dependent
        .getMetadata()
        .setOwnerReferences(
            List.of(
                new OwnerReferenceBuilder()
                    .withApiVersion("v1")
                    .withKind("ConfigMap")
                    .withName("owner")
                    .withUid(owner.getMetadata().getUid())
                    .build()));
    widgets.inNamespace("default").resource(dependent).create();

    client.configMaps().inNamespace("default").withName("owner").delete();

    assertThat(widgets.inNamespace("default").withName("dependent").get()).isNull();
  }

  @Test
  void aDependentWrittenAfterItsOwnerWasDeletedIsCollected() {
    var owner =
        client
            .configMaps()
            .inNamespace("default")
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("gone-owner")
                    .withNamespace("default")
                    .endMetadata()
                    .build())
            .create();
    client.configMaps().inNamespace("default").withName("gone-owner").delete();
    GenericKubernetesResource late = widget("late", Map.of("size", 1));
    late.getMetadata()
        .setOwnerReferences(
            List.of(
                new OwnerReferenceBuilder()
                    .withApiVersion("v1")
                    .withKind("ConfigMap")
                    .withName("gone-owner")
                    .withUid(owner.getMetadata().getUid())
                    .build()));
    widgets.inNamespace("default").resource(late).create();

    assertThat(widgets.inNamespace("default").withName("late").get()).isNull();
  }

  @Test
  void aDependentLivesWhileAnyOwnerLivesAndOrphanPropagationKeepsIt() {
    var first =
        client
            .configMaps()
            .inNamespace("default")
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("owner-a")
                    .withNamespace("default")
                    .endMetadata()
                    .build())
            .create();
    var second =
        client
            .configMaps()
            .inNamespace("default")
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("owner-b")
                    .withNamespace("default")
                    .endMetadata()
                    .build())
            .create();
    GenericKubernetesResource shared = widget("shared", Map.of("size", 1));
    shared
        .getMetadata()
        .setOwnerReferences(
            List.of(
                new OwnerReferenceBuilder()
                    .withApiVersion("v1")
                    .withKind("ConfigMap")
                    .withName("owner-a")
                    .withUid(first.getMetadata().getUid())
                    .build(),
                new OwnerReferenceBuilder()
                    .withApiVersion("v1")
                    .withKind("ConfigMap")
                    .withName("owner-b")
                    .withUid(second.getMetadata().getUid())
                    .build()));
    widgets.inNamespace("default").resource(shared).create();

    client.configMaps().inNamespace("default").withName("owner-a").delete();
    assertThat(widgets.inNamespace("default").withName("shared").get()).isNotNull();

    client
        .configMaps()
        .inNamespace("default")
        .withName("owner-b")
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.ORPHAN)
        .delete();
    GenericKubernetesResource orphan = widgets.inNamespace("default").withName("shared").get();
    assertThat(orphan).isNotNull();
    assertThat(orphan.getMetadata().getOwnerReferences())
        .extracting(r -> r.getName())
        .doesNotContain("owner-b");
  }

  @Test
  void protobufBodiesAreRefusedAtOnce() {
    RawHttp.Reply reply =
        new RawHttp(server.url())
            .send(
                "POST",
                "/api/v1/namespaces/default/configmaps",
                "application/vnd.kubernetes.protobuf",
                "\u0000k8s");
    assertThat(reply.code()).isEqualTo(415);
  }

  @Test
  void labelAndFieldSelectorsFilterLists() {
    client
        .pods()
        .inNamespace("default")
        .resource(
            Serialization.unmarshal(
                """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p1","labels":{"app":"a"}},
         "spec":{"nodeName":"n1","containers":[{"name":"c","image":"x"}]}}""",
                io.fabric8.kubernetes.api.model.Pod.class))
        .create();
    client
        .pods()
        .inNamespace("default")
        .resource(
            Serialization.unmarshal(
                """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p2","labels":{"app":"b"}},
         "spec":{"nodeName":"n2","containers":[{"name":"c","image":"x"}]}}""",
                io.fabric8.kubernetes.api.model.Pod.class))
        .create();

    assertThat(client.pods().inNamespace("default").withLabel("app", "a").list().getItems())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("p1");
    assertThat(client.pods().inAnyNamespace().withField("spec.nodeName", "n2").list().getItems())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("p2");
    assertThat(client.pods().inNamespace("default").withLabelIn("app", "a", "b").list().getItems())
        .hasSize(2);
  }
}
