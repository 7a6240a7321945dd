package org.openeuler.nestos.apiserver.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How a replay differed from its recording, step by step, modulo the fields no two servers agree
 * on: resourceVersion, uid, creation/deletion timestamps, managedFields times, selfLink, continue
 * tokens, generated names (mapped back), namespaces (mapped back). Status errors are compared by
 * code, reason, details (name, kind, group) and the fields of their causes; differing messages are
 * kept apart ({@link #messages()}): wording is not a divergence. List items the recording never
 * named (other tests' objects on a shared server) are skipped and counted.
 */
public final class ReplayDiff {

  /**
   * One difference.
   *
   * @param kind status (the HTTP code), body (a JSON field), watch (event types and names) or
   *     message (Status wording)
   * @param request the request's verb and resource, e.g. {@code patch(merge) nodestates/status}
   * @param path the JSON pointer of the differing field ("" for the status code)
   */
  public record Difference(
      int seq, String request, String kind, String path, String recorded, String replayed) {}

  /**
   * A divergence between the stand-in and the real kube-apiserver that is known and explained
   * (docs/standin-divergences.md).
   */
  public record Allowance(String id, Pattern request, Pattern path, Pattern values, String reason) {
    /**
     * @param requestRegex matches {@link Difference#request()}
     * @param pathRegex matches {@link Difference#path()}
     * @param valuesRegex matches "stand-in -> real" values
     */
    public static Allowance of(
        String id, String requestRegex, String pathRegex, String valuesRegex, String reason) {
      return new Allowance(
          id,
          Pattern.compile(requestRegex),
          Pattern.compile(pathRegex),
          Pattern.compile(valuesRegex, Pattern.DOTALL),
          reason);
    }

    public boolean covers(Difference d) {
      return request.matcher(d.request()).matches()
          && path.matcher(d.path()).matches()
          && values.matcher(d.recorded() + " -> " + d.replayed()).matches();
    }
  }

  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final List<Difference> differences = new ArrayList<>();
  private final List<Difference> messages = new ArrayList<>();
  private final IdMaps maps;
  private final Set<String> knownNames = new HashSet<>();
  private int foreignItems;
  private int steps;

  private ReplayDiff(IdMaps maps) {
    this.maps = maps;
  }

  static ReplayDiff of(List<Replayer.Replayed> replayed, IdMaps maps) {
    ReplayDiff diff = new ReplayDiff(maps);
    for (Replayer.Replayed r : replayed) {
      diff.collectNames(r.recorded().responseBody());
      if (r.recorded().watchEvents() != null) {
        r.recorded().watchEvents().forEach(e -> diff.collectNames(e.path("object")));
      }
    }
    replayed.forEach(diff::compare);
    return diff;
  }

  public List<Difference> differences() {
    return List.copyOf(differences);
  }

  public List<Difference> messages() {
    return List.copyOf(messages);
  }

  /** List items on the replayed server the recording never named (skipped). */
  public int foreignItems() {
    return foreignItems;
  }

  public int steps() {
    return steps;
  }

  /** The verb and resource of a request, as the divergence table and the allow-list name it. */
  public static String requestKey(Exchange e) {
    String path = e.path();
    String[] s = path.replaceFirst("^/", "").split("/");
    int start;
    if (s.length >= 2 && s[0].equals("api")) {
      start = 2;
    } else if (s.length >= 3 && s[0].equals("apis")) {
      start = 3;
    } else {
      return e.method() + " " + path;
    }
    List<String> rest = new ArrayList<>(List.of(s).subList(Math.min(start, s.length), s.length));
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      rest = rest.subList(2, rest.size());
    }
    if (rest.isEmpty()) {
      return e.method() + " " + path;
    }
    String resource = rest.get(0) + (rest.size() >= 3 ? "/" + rest.get(2) : "");
    boolean named = rest.size() >= 2;
    String verb =
        switch (e.method()) {
          case "GET" ->
              e.isWatch() || e.query().matches("(^|.*&)watch=(true|1)(&.*|$)")
                  ? "watch"
                  : named ? "get" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch(" + patchType(e.contentType()) + ")";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> e.method();
        };
    return verb + " " + resource;
  }

  private static String patchType(String contentType) {
    if (contentType == null) {
      return "?";
    }
    if (contentType.startsWith("application/apply-patch")) {
      return "apply";
    }
    if (contentType.startsWith("application/strategic-merge-patch")) {
      return "strategic";
    }
    if (contentType.startsWith("application/merge-patch")) {
      return "merge";
    }
    if (contentType.startsWith("application/json-patch")) {
      return "json";
    }
    return contentType;
  }

  private void collectNames(JsonNode node) {
    if (node == null) {
      return;
    }
    if (node.isObject()) {
      JsonNode name = node.path("metadata").path("name");
      if (name.isTextual()) {
        knownNames.add(name.asText());
      }
      node.forEach(this::collectNames);
    } else if (node.isArray()) {
      node.forEach(this::collectNames);
    }
  }

  private void compare(Replayer.Replayed r) {
    steps++;
    Exchange e = r.recorded();
    String key = requestKey(e);
    if (e.status() != r.status()) {
      differences.add(
          new Difference(
              e.seq(),
              key,
              "status",
              "",
              e.status() + " " + reason(e.responseBody()),
              r.status() + " " + reason(r.body())));
      return;
    }
    if (e.isWatch()) {
      List<String> want = events(e.watchEvents(), false);
      List<String> got = events(r.events(), true);
      if (!want.equals(got)) {
        differences.add(
            new Difference(
                e.seq(), key, "watch", "events", String.join(" ", want), String.join(" ", got)));
      }
      return;
    }
    if (!e.path().startsWith("/api/") && !e.path().startsWith("/apis/")
        || e.path().split("/").length <= 4 && !e.path().startsWith("/api/v1/")) {
      return; // discovery, OpenAPI, /version: the status code is compared, bodies are different
    }
    JsonNode want = normalize(e.responseBody(), false);
    JsonNode got = normalize(r.body(), true);
    if (isStatus(want) && isStatus(got)) {
      compareStatus(e.seq(), key, want, got);
      return;
    }
    diff(e.seq(), key, "", want, got);
  }

  private static String reason(JsonNode body) {
    return body == null ? "" : body.path("reason").asText("");
  }

  private static boolean isStatus(JsonNode body) {
    return body != null && "Status".equals(body.path("kind").asText());
  }

  private void compareStatus(int seq, String key, JsonNode want, JsonNode got) {
    for (String pointer :
        List.of(
            "/status", "/code", "/reason", "/details/name", "/details/kind", "/details/group")) {
      String a = want.at(pointer).asText("<absent>");
      String b = got.at(pointer).asText("<absent>");
      if (!a.equals(b)) {
        differences.add(new Difference(seq, key, "body", pointer, a, b));
      }
    }
    Set<String> wantFields = causeFields(want);
    Set<String> gotFields = causeFields(got);
    if (!wantFields.equals(gotFields)) {
      differences.add(
          new Difference(
              seq,
              key,
              "body",
              "/details/causes/*/field",
              String.join(",", wantFields),
              String.join(",", gotFields)));
    }
    // numbers in messages are resourceVersions, counts and durations
    String a = want.path("message").asText("").replaceAll("\\d+", "N");
    String b = got.path("message").asText("").replaceAll("\\d+", "N");
    if (!a.equals(b)) {
      messages.add(new Difference(seq, key, "message", "/message", a, b));
    }
  }

  private static Set<String> causeFields(JsonNode status) {
    Set<String> fields = new TreeSet<>();
    status.path("details").path("causes").forEach(c -> fields.add(c.path("field").asText("")));
    return fields;
  }

  private List<String> events(List<JsonNode> events, boolean replayed) {
    List<String> out = new ArrayList<>();
    if (events == null) {
      return out;
    }
    for (JsonNode ev : events) {
      if (Replayer.isBookmark(ev)) {
        continue;
      }
      String type = ev.path("type").asText();
      JsonNode o = ev.path("object");
      if (type.equals("ERROR")) {
        out.add("ERROR(" + o.path("code").asText() + "/" + o.path("reason").asText() + ")");
      } else {
        String k = replayed ? maps.key(o, true) : maps.key(o, false);
        out.add(type + "(" + k.replaceFirst("^/", "") + ")");
      }
    }
    return out;
  }

  /** A copy with volatile fields replaced, and for the replayed side ids mapped back. */
  JsonNode normalize(JsonNode node, boolean replayed) {
    if (node == null) {
      return null;
    }
    JsonNode copy = node.deepCopy();
    normalizeInPlace(copy, replayed, "");
    return copy;
  }

  private void normalizeInPlace(JsonNode node, boolean replayed, String parent) {
    if (node instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      for (String f : names) {
        String mappedKey = text(f, replayed);
        if (!mappedKey.equals(f)) {
          // managedFields keys name list items by uid: k:{"uid":"..."}
          JsonNode moved = o.remove(f);
          o.set(mappedKey, moved);
        }
      }
      names.clear();
      o.fieldNames().forEachRemaining(names::add);
      for (String f : names) {
        JsonNode v = o.get(f);
        switch (f) {
          case "resourceVersion", "selfLink" -> o.remove(f);
          case "creationTimestamp", "deletionTimestamp" -> {
            if (!v.isNull()) {
              o.put(f, "<ts>");
            }
          }
          case "continue" -> {
            if (v.isTextual() && !v.asText().isEmpty()) {
              o.put(f, "<continue>");
            } else {
              o.remove(f); // custom resource lists say "continue": "", typed lists omit it
            }
          }
          case "time" -> {
            if (parent.equals("managedFields")) {
              o.put(f, "<ts>");
            }
          }
          case "uid" -> {
            if (v.isTextual()) {
              o.put(f, uid(v.asText(), replayed));
            }
          }
          case "namespace" -> {
            if (v.isTextual() && replayed) {
              o.put(f, maps.namespaceBack(v.asText()));
            }
          }
          default -> {
            if (v.isTextual()) {
              o.put(f, text(v.asText(), replayed));
            } else {
              normalizeInPlace(v, replayed, f);
            }
          }
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i).isTextual()) {
          a.set(i, a.textNode(text(a.get(i).asText(), replayed)));
        } else {
          normalizeInPlace(a.get(i), replayed, parent);
        }
      }
    }
  }

  private String uid(String value, boolean replayed) {
    return text(value, replayed);
  }

  /**
   * Generated names mapped back, and every uid in the text: kept when the two servers' uids were
   * matched (the replayed one mapped back), otherwise {@code <uid>}.
   */
  private String text(String value, boolean replayed) {
    String mapped = replayed ? maps.backwardText(value) : value;
    var m = UUID.matcher(mapped);
    if (!m.find()) {
      return mapped;
    }
    m.reset();
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String uid = m.group();
      m.appendReplacement(out, maps.mappedUid(uid) ? uid : "<uid>");
    }
    m.appendTail(out);
    return out.toString();
  }

  private void diff(int seq, String key, String path, JsonNode a, JsonNode b) {
    if (a == null || a.isMissingNode()) {
      if (b != null && !b.isMissingNode()) {
        differences.add(new Difference(seq, key, "body", path, "<absent>", brief(b)));
      }
      return;
    }
    if (b == null || b.isMissingNode()) {
      differences.add(new Difference(seq, key, "body", path, brief(a), "<absent>"));
      return;
    }
    if (a.isObject() && b.isObject()) {
      Set<String> fields = new TreeSet<>();
      a.fieldNames().forEachRemaining(fields::add);
      b.fieldNames().forEachRemaining(fields::add);
      for (String f : fields) {
        diff(seq, key, path + "/" + f, a.get(f), b.get(f));
      }
      return;
    }
    if (a.isArray() && b.isArray()) {
      if (keyedByName(a) && keyedByName(b)) {
        Map<String, JsonNode> left = byName(a);
        Map<String, JsonNode> right = byName(b);
        Set<String> keys = new TreeSet<>(left.keySet());
        for (String k : right.keySet()) {
          if (left.containsKey(k) || knownNames.contains(k.substring(k.indexOf('/') + 1))) {
            keys.add(k);
          } else {
            foreignItems++;
          }
        }
        for (String k : keys) {
          diff(seq, key, path + "[" + k + "]", left.get(k), right.get(k));
        }
        return;
      }
      for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
        diff(seq, key, path + "/" + i, a.get(i), b.get(i));
      }
      return;
    }
    boolean same =
        a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) == 0
            : a.equals(b);
    if (!same) {
      differences.add(new Difference(seq, key, "body", path, brief(a), brief(b)));
    }
  }

  private static boolean keyedByName(JsonNode array) {
    if (array.isEmpty()) {
      return true;
    }
    for (JsonNode item : array) {
      if (!item.path("metadata").path("name").isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, JsonNode> byName(JsonNode array) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode item : array) {
      out.put(
          item.path("metadata").path("namespace").asText("")
              + "/"
              + item.path("metadata").path("name").asText(),
          item);
    }
    return out;
  }

  private static String brief(JsonNode node) {
    String s = node.isTextual() ? node.asText() : node.toString();
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }

  /**
   * The divergence table: one row per (request, kind, path) with the number of steps, the first
   * step's values, and the allowance that explains it (or UNEXPECTED).
   */
  public static String table(List<Difference> differences, List<Allowance> allowed) {
    Map<String, List<Difference>> groups = new LinkedHashMap<>();
    for (Difference d : differences) {
      groups
          .computeIfAbsent(
              d.request() + " | " + d.kind() + " | " + d.path(), k -> new ArrayList<>())
          .add(d);
    }
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%-44s %-7s %-44s %5s  %-30s %-30s %s%n",
            "request", "kind", "path", "steps", "stand-in", "real", "allowed by"));
    for (List<Difference> g : groups.values()) {
      Difference d = g.get(0);
      String by =
          allowed.stream()
              .filter(a -> a.covers(d))
              .map(Allowance::id)
              .findFirst()
              .orElse("UNEXPECTED");
      out.append(
          String.format(
              "%-44s %-7s %-44s %5d  %-30s %-30s %s%n",
              d.request(), d.kind(), d.path(), g.size(), cut(d.recorded()), cut(d.replayed()), by));
    }
    return out.toString();
  }

  private static String cut(String s) {
    String one = s.replace('\n', ' ');
    return one.length() > 30 ? one.substring(0, 27) + "..." : one;
  }
}
