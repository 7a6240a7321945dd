package org.openeuler.nestos.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ServerSideApplyTest {

  private static final String T0 = "2025-01-01T00:00:00Z";
  private static final String T1 = "2025-01-01T00:01:00Z";
  private static final String V = "nestos.openeuler.org/v1alpha1";
  private static final ListSchema SCHEMA =
      ListSchema.fromOpenApiV3(
          Json.parse(
              """
      {"type":"object","properties":{"spec":{"type":"object","properties":{
        "rollout":{"type":"object","properties":{"paused":{"type":"boolean"},"maxUnavailable":{"type":"integer"}}},
        "items":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
                 "items":{"type":"object","properties":{"name":{"type":"string"},"v":{"type":"string"}}}},
        "selector":{"type":"object","x-kubernetes-map-type":"atomic"}}},
       "status":{"type":"object","properties":{"conditions":{"type":"array","x-kubernetes-list-type":"map",
                 "x-kubernetes-list-map-keys":["type"],"items":{"type":"object"}}}}}}"""));

  private static ObjectNode cfg(String spec) {
    return Json.obj(
        "{'apiVersion':'"
            + V
            + "','kind':'OSVersion','metadata':{'name':'os'},'spec':"
            + spec
            + "}");
  }

  private static ObjectNode bare() {
    return Json.obj("{'apiVersion':'" + V + "','kind':'OSVersion','metadata':{'name':'os'}}");
  }

  private static ObjectNode apply(
      ObjectNode live, ObjectNode applied, String manager, boolean force) {
    return ServerSideApply.apply(live, applied, manager, force, "", SCHEMA, T0).object();
  }

  private static JsonNode entry(ObjectNode obj, String manager) {
    for (JsonNode e : obj.path("metadata").path("managedFields")) {
      if (e.path("manager").asText().equals(manager)) {
        return e;
      }
    }
    return null;
  }

  @Test
  void createByApplyRecordsApplyEntry() {
    ObjectNode obj = apply(null, cfg("{'rollout':{'paused':true}}"), "kubectl", false);
    assertThat(obj.path("spec")).isEqualTo(Json.parse("{'rollout':{'paused':true}}"));
    assertThat(obj.path("metadata").path("name").asText()).isEqualTo("os");
    assertThat(obj.path("metadata").path("managedFields"))
        .isEqualTo(
            Json.parse(
                "[{'manager':'kubectl','operation':'Apply',"
                    + "'apiVersion':'"
                    + V
                    + "','time':'"
                    + T0
                    + "','fieldsType':'FieldsV1',"
                    + "'fieldsV1':{'f:spec':{'f:rollout':{'f:paused':{}}}}}]"));
  }

  @Test
  void reapplyOmittingFieldRemovesIt() {
    ObjectNode obj = apply(null, cfg("{'rollout':{'paused':true,'maxUnavailable':1}}"), "a", false);
    obj = apply(obj, cfg("{'rollout':{'maxUnavailable':1}}"), "a", false);
    assertThat(obj.path("spec")).isEqualTo(Json.parse("{'rollout':{'maxUnavailable':1}}"));
    obj = apply(obj, bare(), "a", false);
    assertThat(obj.has("spec")).as("emptied parents are removed too").isFalse();
    assertThat(obj.path("metadata").has("managedFields")).isFalse();
  }

  @Test
  void emptyMapIsOwnedAsLeaf() {
    ObjectNode obj = apply(null, cfg("{'rollout':{'paused':true}}"), "a", false);
    obj = apply(obj, cfg("{}"), "a", false);
    assertThat(obj.path("spec")).isEqualTo(Json.parse("{}"));
    assertThat(entry(obj, "a").path("fieldsV1")).isEqualTo(Json.parse("{'f:spec':{}}"));
  }

  @Test
  void conflictListsManagerAndPath() {
    ObjectNode obj =
        ServerSideApply.recordUpdate(
            null,
            cfg("{'rollout':{'paused':false}}"),
            "kubectl-client-side-apply",
            "Update",
            "",
            SCHEMA,
            V,
            T0);
    assertThatThrownBy(() -> apply(obj, cfg("{'rollout':{'paused':true}}"), "op", false))
        .isInstanceOfSatisfying(
            ApplyConflictException.class,
            e -> {
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using "
                          + V
                          + ": .spec.rollout.paused");
              assertThat(e.conflicts())
                  .extracting(
                      ApplyConflictException.Conflict::manager,
                      ApplyConflictException.Conflict::field)
                  .containsExactly(
                      org.assertj.core.groups.Tuple.tuple(
                          "kubectl-client-side-apply", ".spec.rollout.paused"));
              assertThat(e.httpStatus()).isEqualTo(409);
            });
  }

  @Test
  void forceTakesOwnership() {
    ObjectNode obj =
        apply(null, cfg("{'rollout':{'paused':false,'maxUnavailable':2}}"), "a", false);
    obj = apply(obj, cfg("{'rollout':{'paused':true}}"), "b", true);
    assertThat(obj.at("/spec/rollout/paused").asBoolean()).isTrue();
    assertThat(entry(obj, "a").path("fieldsV1"))
        .isEqualTo(Json.parse("{'f:spec':{'f:rollout':{'f:maxUnavailable':{}}}}"));
    assertThat(entry(obj, "b").path("fieldsV1"))
        .isEqualTo(Json.parse("{'f:spec':{'f:rollout':{'f:paused':{}}}}"));
    // a no longer owns paused: omitting nothing changes it, re-applying a different value conflicts
    // with b.
    ObjectNode after = obj;
    assertThatThrownBy(
            () -> apply(after, cfg("{'rollout':{'paused':false,'maxUnavailable':2}}"), "a", false))
        .hasMessageContaining("conflict with \"b\": .spec.rollout.paused");
  }

  @Test
  void sameValueIsSharedAndSurvivesOneManagerOmittingIt() {
    ObjectNode obj = apply(null, cfg("{'rollout':{'paused':true}}"), "a", false);
    obj = apply(obj, cfg("{'rollout':{'paused':true}}"), "b", false);
    assertThat(entry(obj, "a")).isNotNull();
    assertThat(entry(obj, "b")).isNotNull();
    obj = apply(obj, bare(), "a", false);
    assertThat(obj.at("/spec/rollout/paused").asBoolean()).isTrue();
    assertThat(entry(obj, "a")).isNull();
  }

  @Test
  void listMapItemsOwnedPerKey() {
    ObjectNode obj = apply(null, cfg("{'items':[{'name':'a','v':'1'}]}"), "m1", false);
    obj = apply(obj, cfg("{'items':[{'name':'b','v':'2'}]}"), "m2", false);
    assertThat(obj.at("/spec/items"))
        .isEqualTo(Json.parse("[{'name':'a','v':'1'},{'name':'b','v':'2'}]"));
    assertThat(entry(obj, "m2").path("fieldsV1"))
        .isEqualTo(
            Json.parse(
                "{'f:spec':{'f:items':{'k:{\"name\":\"b\"}':{'.':{},'f:name':{},'f:v':{}}}}}"));
    obj = apply(obj, cfg("{'items':[]}"), "m1", false);
    assertThat(obj.at("/spec/items")).isEqualTo(Json.parse("[{'name':'b','v':'2'}]"));
  }

  @Test
  void atomicMapIsReplacedAndOwnedAsLeaf() {
    ObjectNode obj = apply(null, cfg("{'selector':{'a':'1','b':'2'}}"), "m", false);
    obj = apply(obj, cfg("{'selector':{'c':'3'}}"), "m", false);
    assertThat(obj.at("/spec/selector")).isEqualTo(Json.parse("{'c':'3'}"));
    assertThat(entry(obj, "m").path("fieldsV1"))
        .isEqualTo(Json.parse("{'f:spec':{'f:selector':{}}}"));
  }

  @Test
  void updateAfterApplyTransfersChangedFields() {
    ObjectNode obj = apply(null, cfg("{'rollout':{'paused':true,'maxUnavailable':1}}"), "a", false);
    ObjectNode edited = obj.deepCopy();
    ((ObjectNode) edited.at("/spec/rollout")).put("paused", false);
    obj = ServerSideApply.recordUpdate(obj, edited, "kubectl-edit", "Update", "", SCHEMA, V, T1);
    assertThat(entry(obj, "a").path("fieldsV1"))
        .isEqualTo(Json.parse("{'f:spec':{'f:rollout':{'f:maxUnavailable':{}}}}"));
    assertThat(entry(obj, "kubectl-edit").path("fieldsV1"))
        .isEqualTo(Json.parse("{'f:spec':{'f:rollout':{'f:paused':{}}}}"));
    assertThat(entry(obj, "kubectl-edit").path("time").asText()).isEqualTo(T1);
    // a's re-apply of its old value now conflicts with the editor
    ObjectNode after = obj;
    assertThatThrownBy(
            () -> apply(after, cfg("{'rollout':{'paused':true,'maxUnavailable':1}}"), "a", false))
        .hasMessageContaining("\"kubectl-edit\" using " + V + ": .spec.rollout.paused");
  }

  @Test
  void updateRemovingFieldDropsItFromAllSetsAndEmptyEntries() {
    ObjectNode obj = apply(null, cfg("{'rollout':{'paused':true}}"), "a", false);
    ObjectNode edited = obj.deepCopy();
    edited.remove("spec");
    obj = ServerSideApply.recordUpdate(obj, edited, "ctl", "Update", "", SCHEMA, V, T1);
    assertThat(obj.path("metadata").has("managedFields")).isFalse();
  }

  @Test
  void clientSentManagedFieldsAreKeptAndSingleEmptyEntryClears() {
    ObjectNode obj = apply(null, cfg("{'rollout':{'paused':true}}"), "a", false);
    ObjectNode withoutMf = obj.deepCopy();
    ((ObjectNode) withoutMf.get("metadata")).remove("managedFields");
    assertThat(
            ServerSideApply.recordUpdate(obj, withoutMf, "c", "Update", "", SCHEMA, V, T1)
                .at("/metadata/managedFields"))
        .as("absent managedFields keep the stored ones")
        .isEqualTo(obj.at("/metadata/managedFields"));
    ObjectNode cleared = obj.deepCopy();
    ((ObjectNode) cleared.get("metadata")).set("managedFields", Json.parse("[{}]"));
    assertThat(
            ServerSideApply.recordUpdate(obj, cleared, "c", "Update", "", SCHEMA, V, T1)
                .at("/metadata")
                .has("managedFields"))
        .isFalse();
  }

  @Test
  void statusSubresourceEntryAndKeyEncoding() {
    ObjectNode live = apply(null, cfg("{'rollout':{'paused':true}}"), "a", false);
    ObjectNode status =
        Json.obj(
            "{'apiVersion':'"
                + V
                + "','kind':'OSVersion','metadata':{'name':'os'},"
                + "'status':{'conditions':[{'type':'Ready','status':'True'}]}}");
    ObjectNode obj =
        ServerSideApply.apply(live, status, "op", false, "status", SCHEMA, T1).object();
    JsonNode e = entry(obj, "op");
    assertThat(e.path("subresource").asText()).isEqualTo("status");
    assertThat(e.path("fieldsV1"))
        .isEqualTo(
            Json.parse(
                "{'f:status':{'f:conditions':{'k:{\"type\":\"Ready\"}':{'.':{},'f:status':{},'f:type':{}}}}}"));
    assertThat(obj.at("/spec/rollout/paused").asBoolean()).isTrue();
  }

  @Test
  void noOpApplyIsUnchanged() {
    ObjectNode obj = apply(null, cfg("{'rollout':{'paused':true}}"), "a", false);
    ApplyResult again =
        ServerSideApply.apply(obj, cfg("{'rollout':{'paused':true}}"), "a", false, "", SCHEMA, T1);
    assertThat(again.changed()).isFalse();
    assertThat(again.object()).isEqualTo(obj);
  }

  @Test
  void objectWithoutManagedFieldsIsOwnedBeforeFirstApply() {
    ObjectNode legacy = cfg("{'rollout':{'paused':false}}");
    assertThatThrownBy(() -> apply(legacy, cfg("{'rollout':{'paused':true}}"), "a", false))
        .hasMessageContaining("\"before-first-apply\" using " + V + ": .spec.rollout.paused");
  }

  @Test
  void finalizersAndLabelsAreOwnedPerValue() {
    ObjectNode obj =
        apply(
            null,
            Json.obj(
                "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','labels':{'x':'1'},"
                    + "'finalizers':['f1']},'data':{'k':'v'}}"),
            "a",
            false);
    obj =
        apply(
            obj,
            Json.obj(
                "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','finalizers':['f2']}}"),
            "b",
            false);
    assertThat(obj.at("/metadata/finalizers")).isEqualTo(Json.parse("['f1','f2']"));
    assertThat(entry(obj, "b").path("fieldsV1"))
        .isEqualTo(Json.parse("{'f:metadata':{'f:finalizers':{'v:\"f2\"':{}}}}"));
    assertThat(entry(obj, "a").path("fieldsV1"))
        .isEqualTo(
            Json.parse(
                "{'f:data':{'f:k':{}},'f:metadata':{'f:finalizers':{'v:\"f1\"':{}},'f:labels':{'f:x':{}}}}"));
  }
}
