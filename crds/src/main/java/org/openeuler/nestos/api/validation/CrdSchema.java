package org.openeuler.nestos.api.validation;

import static org.openeuler.nestos.api.validation.Schemas.EMBEDDED;
import static org.openeuler.nestos.api.validation.Schemas.INT_OR_STRING;
import static org.openeuler.nestos.api.validation.Schemas.LIST_MAP_KEYS;
import static org.openeuler.nestos.api.validation.Schemas.LIST_TYPE;
import static org.openeuler.nestos.api.validation.Schemas.PRESERVE_UNKNOWN;
import static org.openeuler.nestos.api.validation.Schemas.VALIDATIONS;
import static org.openeuler.nestos.api.validation.Schemas.additionalPropertiesSchema;
import static org.openeuler.nestos.api.validation.Schemas.additionalPropertiesTrue;
import static org.openeuler.nestos.api.validation.Schemas.flag;
import static org.openeuler.nestos.api.validation.Schemas.items;
import static org.openeuler.nestos.api.validation.Schemas.present;
import static org.openeuler.nestos.api.validation.Schemas.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.cel.runtime.CelEvaluationException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.openeuler.nestos.api.validation.FieldError.Type;

/**
 * Admission-grade validation of custom resources against one served version of an apiextensions.k8s.io/v1
 * CustomResourceDefinition, following what kube-apiserver does for CRDs: structural pruning (or strict unknown
 * field errors), schema defaulting, OpenAPI v3 value validation (via networknt json-schema-validator),
 * {@code x-kubernetes-list-type} uniqueness and {@code x-kubernetes-validations} CEL rules (via dev.cel).
 *
 * <p>Instances are immutable and thread-safe. Errors are {@link FieldError}s phrased like kube-apiserver's.
 */
public final class CrdSchema {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    private static final Set<String> COPIED_KEYWORDS = Set.of("required", "enum", "pattern", "minimum", "maximum",
            "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "uniqueItems",
            "minProperties", "maxProperties", "multipleOf");

    /** Added (as kube-apiserver does) when type errors keep the CEL rules from running. */
    public static final String RULES_NOT_CHECKED = "Invalid value: \"null\": some validation rules were not checked"
            + " because the object was invalid; correct the existing errors to complete validation";

    private final String group;
    private final String version;
    private final String kind;
    private final String plural;
    private final JsonNode schema;
    private final JsonSchema jsonSchema;
    private final List<String> compilationErrors;

    private CrdSchema(String group, String version, String kind, String plural, JsonNode schema) {
        this.group = group;
        this.version = version;
        this.kind = kind;
        this.plural = plural;
        this.schema = schema.deepCopy();
        this.jsonSchema = FACTORY.getSchema(toJsonSchema(this.schema, true));
        List<String> errs = new ArrayList<>();
        collectCompilationErrors(this.schema, "", errs);
        this.compilationErrors = List.copyOf(errs);
    }

    /** The schema of {@code version} of a CRD (a parsed YAML/JSON tree). */
    public static CrdSchema forVersion(JsonNode crd, String version) {
        Objects.requireNonNull(crd, "crd");
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (version.equals(v.path("name").asText())) {
                JsonNode s = v.path("schema").path("openAPIV3Schema");
                if (!s.isObject()) {
                    throw new IllegalArgumentException("CRD " + crd.path("metadata").path("name").asText()
                            + " version " + version + " has no schema.openAPIV3Schema");
                }
                JsonNode names = crd.path("spec").path("names");
                return new CrdSchema(crd.path("spec").path("group").asText(), version,
                        names.path("kind").asText(), names.path("plural").asText(), s);
            }
        }
        throw new IllegalArgumentException("CRD " + crd.path("metadata").path("name").asText()
                + " has no version " + version);
    }

    /** One schema per served version of the CRD. */
    public static List<CrdSchema> servedVersions(JsonNode crd) {
        List<CrdSchema> out = new ArrayList<>();
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("served").asBoolean(true)) {
                out.add(forVersion(crd, v.path("name").asText()));
            }
        }
        return out;
    }

    public String group() {
        return group;
    }

    public String version() {
        return version;
    }

    public String kind() {
        return kind;
    }

    public String plural() {
        return plural;
    }

    /** {@code group/version}. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** A copy of the version's {@code openAPIV3Schema}. */
    public JsonNode openApiSchema() {
        return schema.deepCopy();
    }

    /** CEL rules that do not compile, as {@code <schema path>: <rule>: <error>} (the apiserver rejects such CRDs). */
    public List<String> compilationErrors() {
        return compilationErrors;
    }

    // ---------------------------------------------------------------- admission

    /**
     * The whole write path of the apiserver for a create ({@code oldObj == null}) or update: unknown fields are
     * errors ({@link Strictness#STRICT}) or dropped with a warning ({@link Strictness#PRUNE}); then pruning,
     * defaulting and validation. The returned object is what would be stored.
     */
    public AdmissionResult admit(JsonNode newObj, JsonNode oldObj, Strictness strictness) {
        List<FieldError> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (String u : unknownFields(newObj)) {
            if (strictness == Strictness.STRICT) {
                errors.add(unknownFieldError(u));
            } else {
                warnings.add("unknown field \"" + u + "\"");
            }
        }
        JsonNode obj = applyDefaults(prune(newObj));
        JsonNode old = present(oldObj) ? applyDefaults(prune(oldObj)) : null;
        errors.addAll(validate(obj, old, Strictness.PRUNE));
        return new AdmissionResult(obj, errors, warnings);
    }

    /** {@link #validate(JsonNode, JsonNode, Strictness)} with {@link Strictness#STRICT}. */
    public List<FieldError> validate(JsonNode object, JsonNode oldObjectOrNull) {
        return validate(object, oldObjectOrNull, Strictness.STRICT);
    }

    /**
     * Validates an object as-is (call {@link #applyDefaults} first to mirror the apiserver). With
     * {@link Strictness#STRICT} undeclared fields are {@link Type#FieldValueUnknown} errors; with
     * {@link Strictness#PRUNE} they are ignored (they would have been pruned).
     */
    public List<FieldError> validate(JsonNode object, JsonNode oldObjectOrNull, Strictness strictness) {
        Objects.requireNonNull(object, "object");
        List<FieldError> errors = new ArrayList<>();
        if (!object.isObject()) {
            errors.add(new FieldError("", Type.FieldValueTypeInvalid,
                    "Invalid value: " + Schemas.quote(Schemas.jsonType(object)) + ": body must be of type object"));
            return errors;
        }
        validateMetadata(object, errors);
        if (strictness == Strictness.STRICT) {
            for (String u : unknownFields(object)) {
                errors.add(unknownFieldError(u));
            }
        }
        structural(object, errors);
        if (errors.stream().anyMatch(e -> e.type() == Type.FieldValueTypeInvalid)) {
            // like the apiserver: CEL rules are not run on an object with type errors
            errors.add(new FieldError("", Type.FieldValueInvalid, RULES_NOT_CHECKED));
            return errors;
        }
        JsonNode old = present(oldObjectOrNull) ? oldObjectOrNull : null;
        walk(schema, object, old, "", true, errors);
        return errors;
    }

    private static FieldError unknownFieldError(String path) {
        return new FieldError(path, Type.FieldValueUnknown, "unknown field \"" + path + "\"");
    }

    private static void validateMetadata(JsonNode object, List<FieldError> errors) {
        JsonNode md = object.get("metadata");
        String name = md == null ? "" : md.path("name").asText("");
        String generateName = md == null ? "" : md.path("generateName").asText("");
        if (name.isEmpty() && generateName.isEmpty()) {
            errors.add(new FieldError("metadata.name", Type.FieldValueRequired,
                    "Required value: name or generateName is required"));
            return;
        }
        if (!name.isEmpty()) {
            String bad = name.equals(".") || name.equals("..") ? "may not be '" + name + "'"
                    : name.contains("/") ? "may not contain '/'"
                    : name.contains("%") ? "may not contain '%'" : null;
            if (bad != null) {
                errors.add(new FieldError("metadata.name", Type.FieldValueInvalid,
                        "Invalid value: " + Schemas.quote(name) + ": " + bad));
            }
        }
    }

    // ---------------------------------------------------------------- pruning / unknown fields

    /** A copy with every field the schema does not declare removed; {@code apiVersion/kind/metadata} kept whole. */
    public JsonNode prune(JsonNode object) {
        JsonNode copy = object.deepCopy();
        prune(schema, copy, "", true, new ArrayList<>(), true);
        return copy;
    }

    /** Paths of the fields {@link #prune} would remove, e.g. {@code spec.rollout.foo}, {@code spec.items[1].x}. */
    public List<String> unknownFields(JsonNode object) {
        List<String> out = new ArrayList<>();
        prune(schema, object, "", true, out, false);
        return out;
    }

    private static void prune(JsonNode s, JsonNode v, String path, boolean root, List<String> unknown,
                              boolean remove) {
        if (s == null || v == null) {
            return;
        }
        if (v.isObject()) {
            JsonNode props = properties(s);
            JsonNode ap = additionalPropertiesSchema(s);
            boolean keepUnknown = flag(s, PRESERVE_UNKNOWN) || additionalPropertiesTrue(s);
            boolean embedded = root || flag(s, EMBEDDED);
            List<String> names = new ArrayList<>();
            v.fieldNames().forEachRemaining(names::add);
            for (String k : names) {
                if (embedded && (k.equals("apiVersion") || k.equals("kind") || k.equals("metadata"))) {
                    continue;
                }
                JsonNode cs = props == null ? null : props.get(k);
                if (cs != null) {
                    prune(cs, v.get(k), Schemas.child(path, k), false, unknown, remove);
                } else if (ap != null) {
                    prune(ap, v.get(k), Schemas.key(path, k), false, unknown, remove);
                } else if (!keepUnknown) {
                    unknown.add(Schemas.child(path, k));
                    if (remove) {
                        ((ObjectNode) v).remove(k);
                    }
                }
            }
        } else if (v.isArray()) {
            JsonNode it = items(s);
            for (int i = 0; i < v.size(); i++) {
                prune(it, v.get(i), Schemas.index(path, i), false, unknown, remove);
            }
        }
    }

    // ---------------------------------------------------------------- defaulting

    /**
     * A copy with schema {@code default}s applied recursively, like the apiserver: a default fills an absent
     * field (or a {@code null} one that is not {@code nullable}); defaulted objects are defaulted inside too, so
     * {@code default: {}} on a nested object makes its inner defaults apply. Non-nullable nulls without a default
     * are dropped. {@code metadata} is left alone.
     */
    public JsonNode applyDefaults(JsonNode object) {
        JsonNode copy = object.deepCopy();
        applyDefaults(schema, copy, true);
        return copy;
    }

    private static void applyDefaults(JsonNode s, JsonNode v, boolean root) {
        if (s == null || v == null) {
            return;
        }
        if (v.isObject()) {
            ObjectNode o = (ObjectNode) v;
            JsonNode props = properties(s);
            if (props != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String k = e.getKey();
                    JsonNode ps = e.getValue();
                    if (root && k.equals("metadata")) {
                        continue;
                    }
                    JsonNode cur = o.get(k);
                    if (cur != null && cur.isNull() && !flag(ps, "nullable")) {
                        o.remove(k);
                        cur = null;
                    }
                    if (cur == null && ps.has("default")) {
                        o.set(k, ps.get("default").deepCopy());
                    }
                }
            }
            JsonNode ap = additionalPropertiesSchema(s);
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String k : names) {
                if (root && (k.equals("metadata") || k.equals("apiVersion") || k.equals("kind"))) {
                    continue;
                }
                JsonNode cs = props != null && props.has(k) ? props.get(k) : ap;
                applyDefaults(cs, o.get(k), false);
            }
        } else if (v.isArray()) {
            JsonNode it = items(s);
            ArrayNode a = (ArrayNode) v;
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isNull() && it != null && !flag(it, "nullable") && it.has("default")) {
                    a.set(i, it.get("default").deepCopy());
                }
                applyDefaults(it, a.get(i), false);
            }
        }
    }

    // ---------------------------------------------------------------- structural validation (networknt)

    private void structural(JsonNode object, List<FieldError> errors) {
        List<ValidationMessage> messages = new ArrayList<>(jsonSchema.validate(object));
        messages.sort(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
                .thenComparing(ValidationMessage::getType));
        Set<String> seen = new HashSet<>();
        for (ValidationMessage m : messages) {
            FieldError e = toFieldError(m);
            if (e != null && seen.add(e.field() + "\u0000" + e.message())) {
                errors.add(e);
            }
        }
    }

    private FieldError toFieldError(ValidationMessage m) {
        String kw = m.getType();
        String path = kubePath(m.getInstanceLocation());
        String where = path.isEmpty() ? "body" : path + " in body";
        JsonNode value = m.getInstanceNode();
        JsonNode kv = keywordValue(m, kw);
        String rendered = Schemas.render(value);
        switch (kw) {
            case "required": {
                String prop = m.getProperty();
                return new FieldError(Schemas.child(path, prop), Type.FieldValueRequired, "Required value");
            }
            case "type": {
                String actual = Schemas.jsonType(value);
                String expected = kv == null ? "?" : kv.isArray() ? joinTypes(kv) : kv.asText();
                return new FieldError(path, Type.FieldValueTypeInvalid, "Invalid value: " + Schemas.quote(actual)
                        + ": " + where + " must be of type " + expected + ": " + Schemas.quote(actual));
            }
            case "enum": {
                List<String> supported = new ArrayList<>();
                if (kv != null) {
                    kv.forEach(x -> {
                        if (!x.isNull()) {
                            supported.add(Schemas.render(x));
                        }
                    });
                }
                return new FieldError(path, Type.FieldValueNotSupported,
                        "Unsupported value: " + rendered + ": supported values: " + String.join(", ", supported));
            }
            case "pattern":
                return invalid(path, rendered, where + " should match '" + text(kv) + "'");
            case "minimum":
                return invalid(path, rendered, where + " should be greater than or equal to " + text(kv));
            case "maximum":
                return invalid(path, rendered, where + " should be less than or equal to " + text(kv));
            case "exclusiveMinimum":
                return invalid(path, rendered, where + " should be greater than " + text(kv));
            case "exclusiveMaximum":
                return invalid(path, rendered, where + " should be less than " + text(kv));
            case "multipleOf":
                return invalid(path, rendered, where + " should be a multiple of " + text(kv));
            case "minLength":
                return invalid(path, rendered, where + " should be at least " + text(kv) + " chars long");
            case "maxLength":
                return new FieldError(path, Type.FieldValueTooLong,
                        "Too long: may not be more than " + text(kv) + " bytes");
            case "minItems":
                return invalid(path, String.valueOf(value == null ? 0 : value.size()),
                        where + " should have at least " + text(kv) + " items");
            case "maxItems":
                return new FieldError(path, Type.FieldValueTooMany, "Too many: " + (value == null ? "?" : value.size())
                        + ": must have at most " + text(kv) + " items");
            case "minProperties":
                return invalid(path, String.valueOf(value == null ? 0 : value.size()),
                        where + " should have at least " + text(kv) + " properties");
            case "maxProperties":
                return new FieldError(path, Type.FieldValueTooMany, "Too many: " + (value == null ? "?" : value.size())
                        + ": must have at most " + text(kv) + " items");
            case "uniqueItems":
                return new FieldError(path, Type.FieldValueDuplicate, "Duplicate value: " + rendered);
            default:
                return invalid(path, rendered, m.getMessage().replaceFirst("^\\$[^:]*: ", ""));
        }
    }

    private static FieldError invalid(String path, String renderedValue, String detail) {
        return new FieldError(path, Type.FieldValueInvalid, "Invalid value: " + renderedValue + ": " + detail);
    }

    private static String text(JsonNode n) {
        return n == null ? "?" : n.isTextual() ? n.textValue() : n.toString();
    }

    private static String joinTypes(JsonNode arr) {
        List<String> ts = new ArrayList<>();
        arr.forEach(t -> {
            if (!"null".equals(t.asText())) {
                ts.add(t.asText());
            }
        });
        return String.join(",", ts);
    }

    private static JsonNode keywordValue(ValidationMessage m, String kw) {
        JsonNode sn = m.getSchemaNode();
        if (sn != null && sn.isObject() && sn.has(kw) && !"properties".equals(kw)) {
            return sn.get(kw);
        }
        return sn;
    }

    /** networknt instance location to a Kubernetes field path, using the schema to tell fields from map keys. */
    private String kubePath(JsonNodePath loc) {
        String path = "";
        JsonNode s = schema;
        for (int i = 0; i < loc.getNameCount(); i++) {
            Object el = loc.getElement(i);
            if (el instanceof Integer idx) {
                path = Schemas.index(path, idx);
                s = items(s);
            } else {
                String name = String.valueOf(el);
                JsonNode props = properties(s);
                if (props != null && props.has(name)) {
                    path = Schemas.child(path, name);
                    s = props.get(name);
                } else if (additionalPropertiesSchema(s) != null) {
                    path = Schemas.key(path, name);
                    s = additionalPropertiesSchema(s);
                } else {
                    path = Schemas.child(path, name);
                    s = null;
                }
            }
        }
        return path;
    }

    /** OpenAPI v3 structural schema to a draft-4 JSON Schema networknt can run (nullable, int-or-string). */
    static JsonNode toJsonSchema(JsonNode s, boolean root) {
        ObjectNode out = F.objectNode();
        if (s == null || !s.isObject()) {
            return out;
        }
        boolean nullable = flag(s, "nullable");
        boolean intOrString = flag(s, INT_OR_STRING);
        if (intOrString) {
            ArrayNode t = out.putArray("type").add("integer").add("string");
            if (nullable) {
                t.add("null");
            }
        } else if (s.has("type")) {
            if (nullable) {
                out.putArray("type").add(s.get("type").asText()).add("null");
            } else {
                out.set("type", s.get("type"));
            }
        }
        for (String kw : COPIED_KEYWORDS) {
            if (s.has(kw)) {
                out.set(kw, s.get(kw).deepCopy());
            }
        }
        if (nullable && out.has("enum")) {
            ((ArrayNode) out.get("enum")).addNull();
        }
        JsonNode props = properties(s);
        if (props != null) {
            ObjectNode p = out.putObject("properties");
            props.fields().forEachRemaining(e -> {
                if (root && e.getKey().equals("metadata")) {
                    p.set("metadata", metadataSchema(e.getValue()));
                } else {
                    p.set(e.getKey(), toJsonSchema(e.getValue(), false));
                }
            });
        }
        JsonNode ap = additionalPropertiesSchema(s);
        if (ap != null) {
            out.set("additionalProperties", toJsonSchema(ap, false));
        }
        JsonNode it = items(s);
        if (it != null) {
            out.set("items", toJsonSchema(it, false));
        }
        for (String comb : List.of("allOf", "anyOf", "oneOf")) {
            JsonNode arr = s.get(comb);
            if (arr != null && arr.isArray() && !(intOrString && onlyTypes(arr))) {
                ArrayNode a = out.putArray(comb);
                arr.forEach(x -> a.add(toJsonSchema(x, false)));
            }
        }
        if (s.has("not")) {
            out.set("not", toJsonSchema(s.get("not"), false));
        }
        return out;
    }

    private static boolean onlyTypes(JsonNode arr) {
        for (JsonNode x : arr) {
            Iterator<String> names = x.fieldNames();
            while (names.hasNext()) {
                if (!"type".equals(names.next())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The apiserver validates ObjectMeta itself; of the CRD's metadata stub only name/generateName count. */
    private static JsonNode metadataSchema(JsonNode stub) {
        ObjectNode md = F.objectNode().put("type", "object");
        JsonNode props = properties(stub);
        if (props != null) {
            ObjectNode p = md.putObject("properties");
            for (String n : List.of("name", "generateName")) {
                if (props.has(n)) {
                    p.set(n, toJsonSchema(props.get(n), false));
                }
            }
        }
        return md;
    }

    // ---------------------------------------------------------------- list types + CEL

    private void walk(JsonNode s, JsonNode value, JsonNode old, String path, boolean root, List<FieldError> errors) {
        if (s == null || !present(value)) {
            return;
        }
        if (value.isArray()) {
            checkListType(s, value, path, errors);
        }
        JsonNode rules = s.get(VALIDATIONS);
        if (rules != null && rules.isArray() && !rules.isEmpty()) {
            evaluateRules(s, rules, value, old, path, root, errors);
        }
        if (value.isObject()) {
            JsonNode props = properties(s);
            JsonNode ap = additionalPropertiesSchema(s);
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = e.getKey();
                if (root && k.equals("metadata")) {
                    continue;
                }
                JsonNode oldChild = old != null && old.isObject() ? old.get(k) : null;
                if (props != null && props.has(k)) {
                    walk(props.get(k), e.getValue(), oldChild, Schemas.child(path, k), false, errors);
                } else if (ap != null) {
                    walk(ap, e.getValue(), oldChild, Schemas.key(path, k), false, errors);
                }
            }
        } else if (value.isArray()) {
            JsonNode it = items(s);
            if (it == null) {
                return;
            }
            Map<String, JsonNode> oldByKey = correlatableOldItems(s, old);
            List<String> keys = mapKeys(s);
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                JsonNode oldItem = oldByKey == null ? null : oldByKey.get(keyOf(item, keys));
                walk(it, item, oldItem, Schemas.index(path, i), false, errors);
            }
        }
    }

    private static List<String> mapKeys(JsonNode s) {
        List<String> keys = new ArrayList<>();
        s.path(LIST_MAP_KEYS).forEach(k -> keys.add(k.asText()));
        return keys;
    }

    private static String keyOf(JsonNode item, List<String> keys) {
        ObjectNode k = F.objectNode();
        for (String key : keys) {
            k.set(key, item.path(key).isMissingNode() ? F.nullNode() : item.get(key));
        }
        return k.toString();
    }

    /** Old items of a {@code listType=map} list by key; null for lists whose items cannot be correlated. */
    private static Map<String, JsonNode> correlatableOldItems(JsonNode s, JsonNode old) {
        if (old == null || !old.isArray() || !"map".equals(s.path(LIST_TYPE).asText())) {
            return null;
        }
        List<String> keys = mapKeys(s);
        Map<String, JsonNode> out = new HashMap<>();
        old.forEach(item -> out.putIfAbsent(keyOf(item, keys), item));
        return out;
    }

    private static void checkListType(JsonNode s, JsonNode list, String path, List<FieldError> errors) {
        String lt = s.path(LIST_TYPE).asText("");
        if (lt.equals("set")) {
            Set<JsonNode> seen = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                if (!seen.add(list.get(i))) {
                    errors.add(new FieldError(Schemas.index(path, i), Type.FieldValueDuplicate,
                            "Duplicate value: " + Schemas.render(list.get(i))));
                }
            }
        } else if (lt.equals("map")) {
            List<String> keys = mapKeys(s);
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                JsonNode item = list.get(i);
                if (!item.isObject()) {
                    continue;
                }
                String k = keyOf(item, keys);
                if (!seen.add(k)) {
                    errors.add(new FieldError(Schemas.index(path, i), Type.FieldValueDuplicate,
                            "Duplicate value: " + k));
                }
            }
        }
    }

    private void evaluateRules(JsonNode s, JsonNode rules, JsonNode value, JsonNode old, String path, boolean root,
                               List<FieldError> errors) {
        Object self = null;
        Object oldSelf = null;
        String typeName = Schemas.quote(Schemas.celValueTypeName(s, value));
        for (JsonNode rule : rules) {
            String expr = rule.path("rule").asText("");
            String errPath = withFieldPath(path, rule.path("fieldPath").asText(""));
            boolean optionalOldSelf = rule.path("optionalOldSelf").asBoolean(false);
            CelRuleEngine.Compiled c = optionalOldSelf ? CelRuleEngine.compileOptionalOldSelf(expr)
                    : CelRuleEngine.compile(expr);
            if (!c.ok()) {
                errors.add(new FieldError(errPath, Type.FieldValueInvalid, "Invalid value: " + typeName
                        + ": compilation failed for rule " + expr + ": " + c.error()));
                continue;
            }
            if (c.usesOldSelf() && old == null && !optionalOldSelf) {
                continue; // transition rule on create (or uncorrelatable item): skipped like the apiserver
            }
            if (self == null) {
                self = Schemas.toCel(root ? celRoot(value) : value, s);
            }
            if (c.usesOldSelf() && old != null && oldSelf == null) {
                oldSelf = Schemas.toCel(root ? celRoot(old) : old, s);
            }
            Object boundOld = !c.usesOldSelf() ? null
                    : optionalOldSelf ? Optional.ofNullable(oldSelf) : oldSelf;
            Object result;
            try {
                result = CelRuleEngine.evaluate(c, self, boundOld);
            } catch (CelEvaluationException | RuntimeException e) {
                errors.add(new FieldError(errPath, Type.FieldValueInvalid, "Invalid value: " + typeName + ": "
                        + e.getMessage() + " evaluating rule: " + expr));
                continue;
            }
            if (Boolean.TRUE.equals(result)) {
                continue;
            }
            if (!(result instanceof Boolean)) {
                errors.add(new FieldError(errPath, Type.FieldValueInvalid, "Invalid value: " + typeName
                        + ": rule did not evaluate to a bool: " + expr));
                continue;
            }
            String message = null;
            if (rule.hasNonNull("messageExpression")) {
                message = CelRuleEngine.evaluateMessage(rule.get("messageExpression").asText(), self, boundOld,
                        optionalOldSelf)
                        .orElse(null);
            }
            if (message == null) {
                message = rule.hasNonNull("message") && !rule.get("message").asText().isBlank()
                        ? rule.get("message").asText() : "failed rule: " + expr;
            }
            errors.add(ruleError(errPath, rule.path("reason").asText("FieldValueInvalid"), typeName, message));
        }
    }

    private static FieldError ruleError(String path, String reason, String typeName, String message) {
        return switch (reason) {
            case "FieldValueForbidden" -> new FieldError(path, Type.FieldValueForbidden, "Forbidden: " + message);
            case "FieldValueRequired" -> new FieldError(path, Type.FieldValueRequired, "Required value: " + message);
            case "FieldValueDuplicate" -> new FieldError(path, Type.FieldValueDuplicate,
                    "Duplicate value: " + typeName + ": " + message);
            default -> new FieldError(path, Type.FieldValueInvalid, "Invalid value: " + typeName + ": " + message);
        };
    }

    /** At the root, CEL sees apiVersion, kind and only metadata.name/generateName (as in the apiserver). */
    private static JsonNode celRoot(JsonNode obj) {
        if (!obj.isObject() || !obj.has("metadata")) {
            return obj;
        }
        ObjectNode copy = ((ObjectNode) obj).deepCopy();
        JsonNode md = obj.get("metadata");
        ObjectNode slim = copy.putObject("metadata");
        for (String n : List.of("name", "generateName")) {
            if (md.has(n)) {
                slim.set(n, md.get(n));
            }
        }
        return copy;
    }

    /** Appends a rule's relative {@code fieldPath} ({@code .a.b}, {@code .a[0]}, {@code .a['k']}). */
    static String withFieldPath(String path, String fieldPath) {
        if (fieldPath == null || fieldPath.isEmpty()) {
            return path;
        }
        String fp = fieldPath.replaceAll("\\['([^']*)'\\]", "[$1]");
        if (!fp.startsWith(".") && !fp.startsWith("[")) {
            fp = "." + fp;
        }
        String joined = path + fp;
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }

    private static void collectCompilationErrors(JsonNode s, String path, List<String> out) {
        if (s == null || !s.isObject()) {
            return;
        }
        for (JsonNode rule : s.path(VALIDATIONS)) {
            for (String field : List.of("rule", "messageExpression")) {
                if (rule.hasNonNull(field)) {
                    String expr = rule.get(field).asText();
                    CelRuleEngine.Compiled c = rule.path("optionalOldSelf").asBoolean(false)
                            ? CelRuleEngine.compileOptionalOldSelf(expr) : CelRuleEngine.compile(expr);
                    if (!c.ok()) {
                        out.add((path.isEmpty() ? "<root>" : path) + ": " + c.expression() + ": " + c.error());
                    }
                }
            }
        }
        JsonNode props = properties(s);
        if (props != null) {
            props.fields().forEachRemaining(e -> collectCompilationErrors(e.getValue(),
                    Schemas.child(path, e.getKey()), out));
        }
        collectCompilationErrors(additionalPropertiesSchema(s), path + "[*]", out);
        collectCompilationErrors(items(s), path + "[*]", out);
    }

    @Override
    public String toString() {
        return "CrdSchema[" + apiVersion() + ", " + kind + "]";
    }
}
