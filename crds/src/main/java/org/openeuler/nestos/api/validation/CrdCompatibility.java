package org.openeuler.nestos.api.validation;

import static org.openeuler.nestos.api.validation.Schemas.INT_OR_STRING;
import static org.openeuler.nestos.api.validation.Schemas.LIST_MAP_KEYS;
import static org.openeuler.nestos.api.validation.Schemas.LIST_TYPE;
import static org.openeuler.nestos.api.validation.Schemas.PRESERVE_UNKNOWN;
import static org.openeuler.nestos.api.validation.Schemas.VALIDATIONS;
import static org.openeuler.nestos.api.validation.Schemas.additionalPropertiesSchema;
import static org.openeuler.nestos.api.validation.Schemas.flag;
import static org.openeuler.nestos.api.validation.Schemas.items;
import static org.openeuler.nestos.api.validation.Schemas.properties;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openeuler.nestos.api.validation.Incompatibility.Kind;

/**
 * Finds changes between two versions of a CRD that would break existing objects or clients: removed
 * versions, removed fields, changed types, newly required fields, removed enum values, tightened
 * bounds and new CEL rules. Additive changes (new optional fields, new versions, added enum values,
 * relaxed bounds, descriptions) are fine.
 */
public final class CrdCompatibility {

  private static final List<String> UPPER_BOUNDS =
      List.of("maxLength", "maxItems", "maxProperties", "maximum");
  private static final List<String> LOWER_BOUNDS =
      List.of("minLength", "minItems", "minProperties", "minimum");

  private CrdCompatibility() {}

  public static List<Incompatibility> compare(JsonNode baselineCrd, JsonNode candidateCrd) {
    List<Incompatibility> out = new ArrayList<>();
    for (JsonNode bv : baselineCrd.path("spec").path("versions")) {
      if (!bv.path("served").asBoolean(true)) {
        continue;
      }
      String version = bv.path("name").asText();
      JsonNode cv = null;
      for (JsonNode v : candidateCrd.path("spec").path("versions")) {
        if (version.equals(v.path("name").asText())) {
          cv = v;
        }
      }
      if (cv == null || !cv.path("served").asBoolean(true)) {
        out.add(
            new Incompatibility(
                version,
                "",
                Kind.REMOVED_VERSION,
                cv == null ? "version removed" : "version no longer served"));
        continue;
      }
      compareNode(
          version,
          "",
          bv.path("schema").path("openAPIV3Schema"),
          cv.path("schema").path("openAPIV3Schema"),
          out);
    }
    if (!baselineCrd
            .path("spec")
            .path("group")
            .asText()
            .equals(candidateCrd.path("spec").path("group").asText())
        || !baselineCrd
            .path("spec")
            .path("names")
            .path("kind")
            .asText()
            .equals(candidateCrd.path("spec").path("names").path("kind").asText())) {
      out.add(new Incompatibility("*", "", Kind.REMOVED_VERSION, "group or kind changed"));
    }
    return out;
  }

  private static void compareNode(
      String version, String path, JsonNode b, JsonNode c, List<Incompatibility> out) {
    if (b == null || !b.isObject()) {
      return;
    }
    if (c == null || !c.isObject()) {
      out.add(new Incompatibility(version, path, Kind.REMOVED_FIELD, "schema removed"));
      return;
    }
    String bt = typeOf(b);
    String ct = typeOf(c);
    if (!bt.equals(ct)) {
      out.add(new Incompatibility(version, path, Kind.CHANGED_TYPE, "type " + bt + " -> " + ct));
      return;
    }
    String blt = b.path(LIST_TYPE).asText("atomic");
    String clt = c.path(LIST_TYPE).asText("atomic");
    if (bt.equals("array")
        && (!blt.equals(clt) || !b.path(LIST_MAP_KEYS).equals(c.path(LIST_MAP_KEYS)))) {
      out.add(
          new Incompatibility(
              version,
              path,
              Kind.CHANGED_TYPE,
              "list type " + blt + b.path(LIST_MAP_KEYS) + " -> " + clt + c.path(LIST_MAP_KEYS)));
    }
    if (flag(b, PRESERVE_UNKNOWN) && !flag(c, PRESERVE_UNKNOWN)) {
      out.add(
          new Incompatibility(
              version, path, Kind.REMOVED_FIELD, "no longer preserves unknown fields"));
    }
    // required
    Set<String> breq = strings(b.path("required"));
    for (String r : strings(c.path("required"))) {
      if (!breq.contains(r)) {
        out.add(
            new Incompatibility(
                version, Schemas.child(path, r), Kind.NEWLY_REQUIRED, "now required"));
      }
    }
    // enum
    if (c.has("enum")) {
      if (!b.has("enum")) {
        out.add(
            new Incompatibility(
                version, path, Kind.REMOVED_ENUM_VALUE, "enum introduced: " + c.get("enum")));
      } else {
        Set<JsonNode> cvals = new LinkedHashSet<>();
        c.get("enum").forEach(cvals::add);
        for (JsonNode v : b.get("enum")) {
          if (!cvals.contains(v)) {
            out.add(
                new Incompatibility(
                    version,
                    path,
                    Kind.REMOVED_ENUM_VALUE,
                    "enum value " + Schemas.render(v) + " removed"));
          }
        }
      }
    }
    // bounds
    for (String kw : UPPER_BOUNDS) {
      if (c.has(kw) && (!b.has(kw) || c.get(kw).asDouble() < b.get(kw).asDouble())) {
        out.add(
            new Incompatibility(
                version,
                path,
                Kind.TIGHTENED_VALIDATION,
                kw
                    + " "
                    + (b.has(kw) ? b.get(kw).asText() : "unset")
                    + " -> "
                    + c.get(kw).asText()));
      }
    }
    for (String kw : LOWER_BOUNDS) {
      if (c.has(kw) && (!b.has(kw) || c.get(kw).asDouble() > b.get(kw).asDouble())) {
        out.add(
            new Incompatibility(
                version,
                path,
                Kind.TIGHTENED_VALIDATION,
                kw
                    + " "
                    + (b.has(kw) ? b.get(kw).asText() : "unset")
                    + " -> "
                    + c.get(kw).asText()));
      }
    }
    if (c.has("pattern") && !c.get("pattern").equals(b.get("pattern"))) {
      out.add(
          new Incompatibility(
              version,
              path,
              Kind.TIGHTENED_VALIDATION,
              "pattern "
                  + (b.has("pattern") ? b.get("pattern").asText() : "unset")
                  + " -> "
                  + c.get("pattern").asText()));
    }
    // CEL rules
    Set<String> brules = new LinkedHashSet<>();
    b.path(VALIDATIONS).forEach(r -> brules.add(r.path("rule").asText()));
    c.path(VALIDATIONS)
        .forEach(
            r -> {
              if (!brules.contains(r.path("rule").asText())) {
                out.add(
                    new Incompatibility(
                        version, path, Kind.ADDED_RULE, "rule " + r.path("rule").asText()));
              }
            });
    // children
    JsonNode bp = properties(b);
    JsonNode cp = properties(c);
    if (bp != null) {
      for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) bp::fields) {
        String childPath = Schemas.child(path, e.getKey());
        JsonNode cc = cp == null ? null : cp.get(e.getKey());
        if (cc == null) {
          if (!flag(c, PRESERVE_UNKNOWN)) {
            out.add(new Incompatibility(version, childPath, Kind.REMOVED_FIELD, "field removed"));
          }
        } else {
          compareNode(version, childPath, e.getValue(), cc, out);
        }
      }
    }
    JsonNode bap = additionalPropertiesSchema(b);
    if (bap != null) {
      JsonNode cap = additionalPropertiesSchema(c);
      if (cap == null) {
        out.add(
            new Incompatibility(version, path + "[*]", Kind.REMOVED_FIELD, "map values removed"));
      } else {
        compareNode(version, path + "[*]", bap, cap, out);
      }
    }
    JsonNode bi = items(b);
    if (bi != null) {
      compareNode(version, path + "[*]", bi, items(c), out);
    }
  }

  private static String typeOf(JsonNode s) {
    if (flag(s, INT_OR_STRING)) {
      return "int-or-string";
    }
    String t = Schemas.type(s);
    return t.isEmpty() ? "any" : t;
  }

  private static Set<String> strings(JsonNode arr) {
    Set<String> out = new LinkedHashSet<>();
    arr.forEach(x -> out.add(x.asText()));
    return out;
  }
}
