package org.openeuler.nestos.apiserver.replay;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the recorded server and the replayed server named differently for the same step:
 * resourceVersions, uids, names made from {@code generateName}, continue tokens, namespaces. Learnt
 * from each pair of responses, applied to later requests (forward) and to replayed responses before
 * they are compared (backward).
 */
final class IdMaps {

  /** Recorded resourceVersion (a number on the stand-in) to the replayed one. */
  private final TreeMap<Long, String> resourceVersions = new TreeMap<>();

  private final Map<String, String> uids = new HashMap<>();
  private final Map<String, String> uidsBack = new HashMap<>();
  private final Map<String, String> names = new HashMap<>();
  private final Map<String, String> namesBack = new HashMap<>();
  private final Map<String, String> continues = new HashMap<>();
  private final Map<String, String> namespaces;
  private final Map<String, String> namespacesBack = new HashMap<>();

  IdMaps(Map<String, String> namespaces) {
    this.namespaces = Map.copyOf(namespaces);
    namespaces.forEach((k, v) -> namespacesBack.put(v, k));
  }

  /**
   * The replayed resourceVersion for a recorded one: the exact mapping, else the one of the latest
   * recorded resourceVersion before it (both servers' versions grow with every write), else as is.
   */
  String resourceVersion(String recorded) {
    if (recorded == null || recorded.isEmpty() || recorded.equals("0")) {
      return recorded;
    }
    long rv;
    try {
      rv = Long.parseLong(recorded);
    } catch (NumberFormatException e) {
      return recorded;
    }
    Map.Entry<Long, String> floor = resourceVersions.floorEntry(rv);
    return floor == null ? recorded : floor.getValue();
  }

  String continueToken(String recorded) {
    return continues.getOrDefault(recorded, recorded);
  }

  String namespace(String recorded) {
    return namespaces.getOrDefault(recorded, recorded);
  }

  String namespaceBack(String replayed) {
    return namespacesBack.getOrDefault(replayed, replayed);
  }

  String name(String recorded) {
    return names.getOrDefault(recorded, recorded);
  }

  /** Replaces recorded uids and generated names inside any text (tickets embed node uids). */
  String forwardText(String text) {
    return replaceAll(replaceAll(text, uids), names);
  }

  String backwardText(String text) {
    return replaceAll(replaceAll(text, uidsBack), namesBack);
  }

  boolean knownUid(String replayed) {
    return uidsBack.containsKey(replayed);
  }

  /** Whether a recorded uid was matched with one of the replayed server's. */
  boolean mappedUid(String recorded) {
    return uids.containsKey(recorded);
  }

  String uidBack(String replayed) {
    return uidsBack.get(replayed);
  }

  private static String replaceAll(String text, Map<String, String> map) {
    if (text == null || map.isEmpty()) {
      return text;
    }
    String out = text;
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (out.contains(e.getKey())) {
        out = out.replace(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  /** Learns from one object (or list, or Status) the recorded and the replayed server returned. */
  void learn(JsonNode recorded, JsonNode replayed, String generateName) {
    if (recorded == null || replayed == null) {
      return;
    }
    JsonNode rm = recorded.path("metadata");
    JsonNode pm = replayed.path("metadata");
    learnRv(rm.path("resourceVersion").asText(""), pm.path("resourceVersion").asText(""));
    String rc = rm.path("continue").asText("");
    String pc = pm.path("continue").asText("");
    if (!rc.isEmpty() && !pc.isEmpty()) {
      continues.put(rc, pc);
    }
    String ru = rm.path("uid").asText("");
    String pu = pm.path("uid").asText("");
    if (!ru.isEmpty() && !pu.isEmpty() && !ru.equals(pu)) {
      uids.put(ru, pu);
      uidsBack.put(pu, ru);
    }
    String rn = rm.path("name").asText("");
    String pn = pm.path("name").asText("");
    if (generateName != null
        && !generateName.isEmpty()
        && rn.startsWith(generateName)
        && pn.startsWith(generateName)
        && !rn.equals(pn)) {
      names.put(rn, pn);
      namesBack.put(pn, rn);
    }
    if (recorded.has("items") && replayed.has("items")) {
      Map<String, JsonNode> byKey = new HashMap<>();
      replayed.get("items").forEach(i -> byKey.put(key(i, true), i));
      for (JsonNode item : recorded.get("items")) {
        JsonNode other = byKey.get(key(item, false));
        if (other != null) {
          learn(item, other, null);
        }
      }
    }
  }

  private void learnRv(String recorded, String replayed) {
    if (recorded.isEmpty() || replayed.isEmpty()) {
      return;
    }
    try {
      long rv = Long.parseLong(recorded);
      String known = resourceVersions.get(rv);
      if (known == null || compare(replayed, known) > 0) {
        resourceVersions.put(rv, replayed);
      }
    } catch (NumberFormatException e) {
      // not a stand-in resourceVersion: nothing to map
    }
  }

  private static int compare(String a, String b) {
    try {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** "namespace/name" of an item, in the recorded server's terms. */
  String key(JsonNode object, boolean replayed) {
    String ns = object.path("metadata").path("namespace").asText("");
    String name = object.path("metadata").path("name").asText("");
    if (replayed) {
      ns = namespaceBack(ns);
      name = namesBack.getOrDefault(name, name);
    }
    return ns + "/" + name;
  }

  boolean equalsMapped(String recordedUid, String replayedUid) {
    return Objects.equals(uids.getOrDefault(recordedUid, recordedUid), replayedUid);
  }
}
