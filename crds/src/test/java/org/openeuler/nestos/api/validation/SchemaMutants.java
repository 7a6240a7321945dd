package org.openeuler.nestos.api.validation;

import static org.openeuler.nestos.api.validation.Schemas.additionalPropertiesSchema;
import static org.openeuler.nestos.api.validation.Schemas.items;
import static org.openeuler.nestos.api.validation.Schemas.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * jqwik generator of custom resources for the differential admission test: a valid object (an
 * example) with one to three mutations at random places of its {@code spec} (or {@code status}),
 * chosen by walking the CRD schema: a field removed (required ones too), a value of the wrong JSON
 * type, boundary values (minimum/maximum and one beyond, int32/int64 edges, maxLength and one more,
 * empty strings, enum values and near misses), oversize lists and maps (maxItems/maxProperties +
 * 1), duplicated list items, nulls, unknown fields, and schema-valid values built from scratch (so
 * absent optional subtrees and the CEL rules that guard them get exercised).
 */
final class SchemaMutants {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String DIGEST = "@sha256:" + "3f1c2b9e8d7a6f5e".repeat(4);
  private static final List<String> PROBES =
      List.of(
          "",
          "a",
          "A",
          "a b",
          "a/b",
          ".",
          "..",
          "-a",
          "a-",
          "a.b",
          "a_b",
          "a=b",
          "a|b",
          "a\tb",
          "ab:c",
          "1",
          "0",
          "01:00",
          "23:59",
          "24:00",
          "1:00",
          "UTC",
          "Asia/Shanghai",
          "Mars/Olympus_Mons",
          "http://127.0.0.1:9100/metrics",
          "https://example.com/healthz",
          "ftp://example.com/x",
          "/usr/bin/true",
          "Monday",
          "Funday",
          "kubelet.service",
          "kubelet",
          "net.ipv4.ip_forward",
          "kernel.core_pattern",
          "net/ipv4/ip_forward",
          "quiet",
          "root=/dev/sda1",
          "console=ttyS0,115200",
          "50%",
          "registry.example.com/nestos/nestos-for-container" + DIGEST,
          "registry.example.com/nestos/nestos-for-container:24.03",
          "docker://registry.example.com/nestos/nestos-for-container" + DIGEST,
          "ostree-unverified-registry:registry.example.com/x" + DIGEST,
          "7c1f2e3d-4b5a-4c6d-8e9f-0a1b2c3d4e5f",
          "2024-01-01T00:00:00Z",
          "2024-01-01T08:00:00+08:00",
          "2024-02-30T00:00:00Z",
          "2024-01-01",
          "True",
          "False",
          "Unknown",
          "yesterday",
          "ü");
  private static final List<String> MAP_KEYS =
      List.of("a", "app", "node-role.kubernetes.io/worker", "bad key", "-x", "k".repeat(64));

  private final String kind;
  private final String root;
  private final JsonNode rootSchema;
  private final ObjectNode base;
  private final List<String> strings;

  /** A mutated object and what was done to it. */
  record Mutant(String kind, String mutations, ObjectNode object) {
    @Override
    public String toString() {
      return kind + " [" + mutations + "] " + object;
    }
  }

  /** Mutants of {@code base}'s {@code spec}, for creates ({@code status} removed). */
  SchemaMutants(CrdSchema schema, ObjectNode base) {
    this(schema, withoutStatus(base), "spec");
  }

  /**
   * Mutants of {@code base}'s top-level field {@code root} ({@code spec} or {@code status}); an
   * absent one starts as {@code {}}.
   */
  SchemaMutants(CrdSchema schema, ObjectNode base, String root) {
    this.kind = schema.kind();
    this.root = root;
    this.rootSchema = properties(schema.openApiSchema()).get(root);
    this.base = base.deepCopy();
    if (!this.base.has(root)) {
      this.base.putObject(root);
    }
    Set<String> pool = new LinkedHashSet<>(PROBES);
    collectStrings(base.get(root), pool);
    this.strings = List.copyOf(pool);
  }

  private static ObjectNode withoutStatus(ObjectNode o) {
    ObjectNode copy = o.deepCopy();
    copy.remove("status");
    return copy;
  }

  Arbitrary<Mutant> arbitrary() {
    return Arbitraries.randomValue(this::mutate);
  }

  Mutant mutate(Random r) {
    ObjectNode obj = base.deepCopy();
    int n = r.nextInt(4) == 0 ? 2 + r.nextInt(2) : 1;
    List<String> done = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      done.add(mutateOnce(obj, r));
    }
    return new Mutant(kind, String.join("; ", done), obj);
  }

  // ---------------------------------------------------------------- where

  /** A place in the object: a field of an object or an index of a list (== size: appended). */
  private record Slot(JsonNode container, String field, int index, JsonNode schema, String path) {
    JsonNode get() {
      if (container instanceof ObjectNode o) {
        return o.get(field);
      }
      ArrayNode a = (ArrayNode) container;
      return index < a.size() ? a.get(index) : null;
    }

    void set(JsonNode v) {
      if (container instanceof ObjectNode o) {
        o.set(field, v);
      } else {
        ArrayNode a = (ArrayNode) container;
        if (index < a.size()) {
          a.set(index, v);
        } else {
          a.add(v);
        }
      }
    }

    void remove() {
      if (container instanceof ObjectNode o) {
        o.remove(field);
      } else if (index < container.size()) {
        ((ArrayNode) container).remove(index);
      }
    }
  }

  private String mutateOnce(ObjectNode obj, Random r) {
    Slot slot = new Slot(obj, root, -1, rootSchema, root);
    while (r.nextInt(4) != 0) {
      Slot next = child(slot, r);
      if (next == null) {
        break;
      }
      slot = next;
    }
    return slot.path + ": " + apply(slot, r);
  }

  /** A random child slot, creating the value when absent (or of another type); null at leaves. */
  private Slot child(Slot slot, Random r) {
    JsonNode s = slot.schema;
    String type = Schemas.type(s);
    if (type.equals("object")) {
      JsonNode v = slot.get();
      if (!(v instanceof ObjectNode)) {
        v = seed(s, r, 0);
        if (!(v instanceof ObjectNode)) {
          return null;
        }
        slot.set(v);
      }
      JsonNode props = properties(s);
      JsonNode ap = additionalPropertiesSchema(s);
      if (props != null && !props.isEmpty()) {
        List<String> names = new ArrayList<>();
        props.fieldNames().forEachRemaining(names::add);
        String name = names.get(r.nextInt(names.size()));
        return new Slot(v, name, -1, props.get(name), Schemas.child(slot.path, name));
      }
      if (ap != null) {
        List<String> keys = new ArrayList<>();
        v.fieldNames().forEachRemaining(keys::add);
        String key =
            !keys.isEmpty() && r.nextBoolean()
                ? keys.get(r.nextInt(keys.size()))
                : MAP_KEYS.get(r.nextInt(MAP_KEYS.size()));
        return new Slot(v, key, -1, ap, Schemas.key(slot.path, key));
      }
      return null;
    }
    if (type.equals("array") && items(s) != null) {
      JsonNode v = slot.get();
      if (!(v instanceof ArrayNode)) {
        v = JSON.arrayNode();
        slot.set(v);
      }
      int i = v.isEmpty() ? 0 : r.nextInt(v.size() + 1);
      return new Slot(v, null, i, items(s), Schemas.index(slot.path, i));
    }
    return null;
  }

  // ---------------------------------------------------------------- what

  private String apply(Slot slot, Random r) {
    JsonNode s = slot.schema;
    JsonNode v;
    switch (r.nextInt(20)) {
      case 0, 1, 2 -> {
        slot.remove();
        return "removed";
      }
      case 3, 4, 5 -> v = wrongType(s, r);
      case 6 -> v = JSON.nullNode();
      case 7 -> {
        JsonNode cur = slot.get();
        if (cur instanceof ObjectNode o) {
          o.put("bogusField", "x");
          return "unknown field";
        }
        if (cur instanceof ArrayNode a && !a.isEmpty()) {
          a.add(a.get(0).deepCopy());
          return "duplicated item 0";
        }
        v = boundary(s, r);
      }
      case 8, 9 -> v = oversize(s, r);
      case 10, 11, 12 -> v = seed(s, r, 0);
      default -> v = boundary(s, r);
    }
    slot.set(v);
    String shown = v.toString();
    return "= " + (shown.length() > 60 ? shown.substring(0, 60) + "..." : shown);
  }

  private JsonNode wrongType(JsonNode s, Random r) {
    String type = Schemas.type(s);
    boolean intOrString = Schemas.flag(s, Schemas.INT_OR_STRING);
    List<JsonNode> options = new ArrayList<>();
    if (!type.equals("string") && !intOrString) {
      options.add(JSON.textNode("text"));
      options.add(JSON.textNode("12"));
    }
    if (!type.equals("integer") && !type.equals("number") && !intOrString) {
      options.add(JSON.numberNode(42));
    }
    if (!type.equals("number")) {
      options.add(JSON.numberNode(1.5));
    }
    if (!type.equals("boolean")) {
      options.add(JSON.booleanNode(true));
    }
    if (!type.equals("object")) {
      options.add(JSON.objectNode().put("a", "b"));
    }
    if (!type.equals("array")) {
      options.add(JSON.arrayNode().add("x"));
    }
    return options.get(r.nextInt(options.size()));
  }

  private JsonNode boundary(JsonNode s, Random r) {
    if (s.has("enum") && r.nextBoolean()) {
      JsonNode e = s.get("enum");
      if (r.nextInt(3) == 0) {
        String one = e.get(r.nextInt(e.size())).asText();
        return JSON.textNode(r.nextBoolean() ? one.toLowerCase() : one + "x");
      }
      return e.get(r.nextInt(e.size())).deepCopy();
    }
    if (Schemas.flag(s, Schemas.INT_OR_STRING)) {
      List<JsonNode> options =
          List.of(
              JSON.numberNode(0),
              JSON.numberNode(1),
              JSON.numberNode(-1),
              JSON.numberNode(100),
              JSON.numberNode(2147483648L),
              JSON.textNode("0%"),
              JSON.textNode("100%"),
              JSON.textNode("101%"),
              JSON.textNode("50%"),
              JSON.textNode("-1%"),
              JSON.textNode("1.5%"),
              JSON.textNode("5"),
              JSON.textNode("abc"),
              JSON.textNode("%"),
              JSON.textNode(""));
      return options.get(r.nextInt(options.size()));
    }
    switch (Schemas.type(s)) {
      case "integer", "number" -> {
        List<JsonNode> options = new ArrayList<>();
        for (String bound : List.of("minimum", "maximum")) {
          if (s.has(bound)) {
            long b = s.get(bound).asLong();
            options.add(JSON.numberNode(b));
            options.add(JSON.numberNode(bound.equals("minimum") ? b - 1 : b + 1));
          }
        }
        options.add(JSON.numberNode(0));
        options.add(JSON.numberNode(-1));
        options.add(JSON.numberNode(2.0));
        options.add(JSON.numberNode(Integer.MAX_VALUE));
        options.add(JSON.numberNode(Integer.MAX_VALUE + 1L));
        options.add(JSON.numberNode(Long.MAX_VALUE));
        options.add(JSON.numberNode(new BigInteger("9223372036854775808")));
        return options.get(r.nextInt(options.size()));
      }
      case "string" -> {
        int max = s.path("maxLength").asInt(64);
        int min = s.path("minLength").asInt(0);
        return switch (r.nextInt(6)) {
          case 0 -> JSON.textNode("");
          case 1 -> JSON.textNode(fill(s, max, r));
          case 2 -> JSON.textNode(fill(s, max + 1, r));
          case 3 -> JSON.textNode(min > 0 ? fill(s, min - 1, r) : "a");
          default -> JSON.textNode(strings.get(r.nextInt(strings.size())));
        };
      }
      case "boolean" -> {
        return JSON.booleanNode(r.nextBoolean());
      }
      case "array" -> {
        return r.nextBoolean() ? JSON.arrayNode() : oversize(s, r);
      }
      default -> {
        return JSON.objectNode();
      }
    }
  }

  /** One over the declared size limit (or a plain large value where the schema sets none). */
  private JsonNode oversize(JsonNode s, Random r) {
    switch (Schemas.type(s)) {
      case "array" -> {
        ArrayNode a = JSON.arrayNode();
        int n = s.path("maxItems").asInt(r.nextInt(5)) + 1;
        for (int i = 0; i < n && items(s) != null; i++) {
          a.add(seed(items(s), r, 1));
        }
        return a;
      }
      case "object" -> {
        ObjectNode o = JSON.objectNode();
        JsonNode ap = additionalPropertiesSchema(s);
        if (ap == null) {
          return seed(s, r, 0);
        }
        int n = s.path("maxProperties").asInt(3) + 1;
        for (int i = 0; i < n; i++) {
          o.set("k" + i + ".example.com/key", seed(ap, r, 1));
        }
        return o;
      }
      case "string" -> {
        return JSON.textNode(fill(s, s.path("maxLength").asInt(300) + 1, r));
      }
      default -> {
        return boundary(s, r);
      }
    }
  }

  /** A value built from the schema: enum members, bounded numbers, pool strings that match. */
  private JsonNode seed(JsonNode s, Random r, int depth) {
    if (s.has("enum")) {
      JsonNode e = s.get("enum");
      return e.get(r.nextInt(e.size())).deepCopy();
    }
    if (Schemas.flag(s, Schemas.INT_OR_STRING)) {
      return r.nextBoolean() ? JSON.numberNode(r.nextInt(5)) : JSON.textNode(r.nextInt(101) + "%");
    }
    switch (Schemas.type(s)) {
      case "object" -> {
        ObjectNode o = JSON.objectNode();
        JsonNode props = properties(s);
        Set<String> required = new LinkedHashSet<>();
        s.path("required").forEach(n -> required.add(n.asText()));
        if (props != null) {
          for (Iterator<String> it = props.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (required.contains(name) || (depth < 3 && r.nextInt(3) == 0)) {
              o.set(name, seed(props.get(name), r, depth + 1));
            }
          }
        } else if (additionalPropertiesSchema(s) != null && r.nextBoolean()) {
          o.set("app", seed(additionalPropertiesSchema(s), r, depth + 1));
        }
        return o;
      }
      case "array" -> {
        ArrayNode a = JSON.arrayNode();
        int n = Math.max(s.path("minItems").asInt(0), depth < 3 ? r.nextInt(3) : 0);
        for (int i = 0; i < n && items(s) != null; i++) {
          a.add(seed(items(s), r, depth + 1));
        }
        return a;
      }
      case "integer" -> {
        long lo = s.has("minimum") ? s.get("minimum").asLong() : 0;
        long hi = s.has("maximum") ? s.get("maximum").asLong() : lo + 1000;
        return JSON.numberNode(lo + (long) (r.nextDouble() * (hi - lo + 1)));
      }
      case "number" -> {
        return JSON.numberNode(r.nextInt(100));
      }
      case "boolean" -> {
        return JSON.booleanNode(r.nextBoolean());
      }
      case "string" -> {
        List<String> fitting = new ArrayList<>();
        for (String c : strings) {
          if (fits(s, c)) {
            fitting.add(c);
          }
        }
        return JSON.textNode(fitting.isEmpty() ? "a" : fitting.get(r.nextInt(fitting.size())));
      }
      default -> {
        return JSON.objectNode();
      }
    }
  }

  private static boolean fits(JsonNode s, String c) {
    if (c.length() > s.path("maxLength").asInt(Integer.MAX_VALUE)
        || c.length() < s.path("minLength").asInt(0)) {
      return false;
    }
    if (!s.has("pattern")) {
      return true;
    }
    try {
      return Pattern.compile(s.get("pattern").asText()).matcher(c).find();
    } catch (PatternSyntaxException e) {
      return false;
    }
  }

  /** A string of length {@code n}: a fitting pool string padded with its own last character. */
  private String fill(JsonNode s, int n, Random r) {
    if (n <= 0) {
      return "";
    }
    String start = seed(s.deepCopy(), r, 3).asText("a");
    if (start.isEmpty()) {
      start = "a";
    }
    if (start.length() >= n) {
      return start.substring(0, n);
    }
    return "a".repeat(n - start.length()) + start;
  }

  private static void collectStrings(JsonNode v, Set<String> out) {
    if (v == null) {
      return;
    }
    if (v.isTextual()) {
      out.add(v.asText());
    }
    v.elements().forEachRemaining(c -> collectStrings(c, out));
    if (v.isObject()) {
      v.fieldNames().forEachRemaining(out::add);
    }
  }
}
