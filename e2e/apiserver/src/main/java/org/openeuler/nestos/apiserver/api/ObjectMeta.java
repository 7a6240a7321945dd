package org.openeuler.nestos.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Metadata rules shared by every verb: names, system fields, generation, finalizers, owner
 * references.
 */
final class ObjectMeta {

  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

  /** System fields a client cannot set or change. */
  private static final List<String> SYSTEM_FIELDS =
      List.of(
          "uid",
          "creationTimestamp",
          "generation",
          "deletionTimestamp",
          "deletionGracePeriodSeconds");

  private ObjectMeta() {}

  static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** API groups whose built-in kinds keep {@code metadata.generation}, as kube-apiserver does. */
  private static final java.util.Set<String> GENERATION_GROUPS =
      java.util.Set.of(
          "apps",
          "batch",
          "policy",
          "networking.k8s.io",
          "autoscaling",
          "apiextensions.k8s.io",
          "admissionregistration.k8s.io");

  /**
   * Whether kube-apiserver keeps {@code metadata.generation} for this type: custom resources, pods
   * and the workload/policy groups do; ConfigMaps, Nodes, Leases, Events and the like never carry
   * one (found by the replay test, docs/standin-divergences.md).
   */
  static boolean tracksGeneration(org.openeuler.nestos.apiserver.registry.ResourceType type) {
    return type.crd() != null
        || GENERATION_GROUPS.contains(type.group())
        || (type.group().isEmpty() && type.plural().equals("pods"));
  }

  /** Resolves generateName, validates the name and stamps the system fields of a new object. */
  static void initialise(ObjectNode object, String kind) {
    ObjectNode meta = object.withObject("metadata");
    String name = meta.path("name").asText("");
    if (name.isEmpty()) {
      String prefix = meta.path("generateName").asText("");
      if (prefix.isEmpty()) {
        throw invalid(
            kind, "", "metadata.name", "FieldValueRequired", "name or generateName is required");
      }
      StringBuilder suffix = new StringBuilder();
      for (int i = 0; i < 5; i++) {
        suffix.append(ALPHANUMS.charAt(ThreadLocalRandom.current().nextInt(ALPHANUMS.length())));
      }
      name = prefix + suffix;
      meta.put("name", name);
    }
    if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
      throw invalid(
          kind,
          name,
          "metadata.name",
          "FieldValueInvalid",
          "Invalid value: \""
              + name
              + "\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and"
              + " must start and end with an alphanumeric character");
    }
    SYSTEM_FIELDS.forEach(meta::remove);
    meta.remove("resourceVersion");
    meta.put("uid", UUID.randomUUID().toString());
    meta.put("creationTimestamp", now());
    meta.put("generation", 1);
  }

  /** ObjectMeta's collections, {@code omitempty} in Kubernetes: stored without them when empty. */
  private static final List<String> OMITTED_WHEN_EMPTY =
      List.of("labels", "annotations", "finalizers", "ownerReferences");

  /**
   * Drops {@code metadata}'s empty labels, annotations, finalizers and ownerReferences, as the
   * kube-apiserver stores them (e.g. a JSON patch removing the last annotation leaves none, not
   * {@code {}}: found by {@code StandInReplayKubeIT}).
   */
  static void dropEmptyCollections(ObjectNode object) {
    if (object.get("metadata") instanceof ObjectNode meta) {
      for (String field : OMITTED_WHEN_EMPTY) {
        JsonNode v = meta.get(field);
        if (v != null && (v.isObject() || v.isArray()) && v.isEmpty()) {
          meta.remove(field);
        }
      }
    }
  }

  /**
   * Carries the system fields of the stored object over to a replacement, so clients cannot forge
   * them.
   */
  static void keepSystemFields(ObjectNode stored, ObjectNode replacement) {
    ObjectNode from = (ObjectNode) stored.path("metadata");
    ObjectNode to = replacement.withObject("metadata");
    for (String field : SYSTEM_FIELDS) {
      if (from.has(field)) {
        to.set(field, from.get(field));
      } else {
        to.remove(field);
      }
    }
  }

  /**
   * Everything except metadata and status: what bumps {@code metadata.generation} when it changes.
   */
  static boolean specChanged(JsonNode before, JsonNode after) {
    return !Objects.equals(withoutMetaAndStatus(before), withoutMetaAndStatus(after));
  }

  private static JsonNode withoutMetaAndStatus(JsonNode object) {
    ObjectNode copy = ((ObjectNode) object).deepCopy();
    copy.remove(List.of("metadata", "status"));
    return copy;
  }

  /**
   * Equality that ignores what every write changes anyway (resourceVersion, managedFields
   * timestamps).
   */
  static boolean sameContent(JsonNode a, JsonNode b) {
    return Objects.equals(comparable(a), comparable(b));
  }

  private static JsonNode comparable(JsonNode object) {
    ObjectNode copy = ((ObjectNode) object).deepCopy();
    ObjectNode meta = copy.withObject("metadata");
    meta.remove("resourceVersion");
    JsonNode managed = meta.path("managedFields");
    if (managed.isArray()) {
      for (JsonNode entry : managed) {
        ((ObjectNode) entry).remove("time");
      }
    }
    return copy;
  }

  static boolean hasFinalizers(JsonNode object) {
    return object.path("metadata").path("finalizers").size() > 0;
  }

  static boolean isDeleting(JsonNode object) {
    return object.path("metadata").hasNonNull("deletionTimestamp");
  }

  static String uid(JsonNode object) {
    return object.path("metadata").path("uid").asText("");
  }

  static List<String> ownerUids(JsonNode object) {
    List<String> uids = new ArrayList<>();
    object
        .path("metadata")
        .path("ownerReferences")
        .forEach(ref -> uids.add(ref.path("uid").asText()));
    return uids;
  }

  /** Drops the owner reference to {@code ownerUid}; returns whether one was removed. */
  static boolean removeOwner(ObjectNode object, String ownerUid) {
    JsonNode refs = object.path("metadata").path("ownerReferences");
    boolean removed = false;
    if (refs instanceof ArrayNode array) {
      for (Iterator<JsonNode> it = array.iterator(); it.hasNext(); ) {
        if (ownerUid.equals(it.next().path("uid").asText())) {
          it.remove();
          removed = true;
        }
      }
      if (array.isEmpty()) {
        ((ObjectNode) object.get("metadata")).remove("ownerReferences");
      }
    }
    return removed;
  }

  static ApiException invalid(
      String kind, String name, String field, String reason, String message) {
    return new ApiException(
        422,
        "Invalid",
        kind + " \"" + name + "\" is invalid: " + field + ": " + message,
        name,
        null,
        kind,
        List.of(new ApiException.Cause(reason, message, field)));
  }
}
