package org.openeuler.nestos.api.validation;

import static org.openeuler.nestos.api.validation.Schemas.VALIDATIONS;
import static org.openeuler.nestos.api.validation.Schemas.additionalPropertiesSchema;
import static org.openeuler.nestos.api.validation.Schemas.items;
import static org.openeuler.nestos.api.validation.Schemas.present;
import static org.openeuler.nestos.api.validation.Schemas.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.runtime.CelEvaluationException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openeuler.nestos.api.validation.FieldError.Type;

/**
 * Walks an object (and its old version, on updates) down the schema tree, running each node's
 * {@code x-kubernetes-validations} with {@link CelRuleEngine} (list-type uniqueness is {@link
 * ListTypes#validate}). Transition rules (using {@code oldSelf}) are skipped where there is no
 * correlatable old value unless {@code optionalOldSelf} is set; failures are phrased like
 * kube-apiserver's, honouring {@code message}, {@code messageExpression}, {@code reason} and {@code
 * fieldPath}.
 */
final class CelRuleValidator {

  private CelRuleValidator() {}

  /** Appends the rule errors of {@code object}; {@code old} is null on create. */
  static void validate(JsonNode schema, JsonNode object, JsonNode old, List<FieldError> errors) {
    walk(schema, object, old, "", true, errors);
  }

  /**
   * Rules that do not compile, as {@code <schema path>: <rule>: <error>} ({@code [*]} for items/map
   * values).
   */
  static List<String> compilationErrors(JsonNode schema) {
    List<String> out = new ArrayList<>();
    collectCompilationErrors(schema, "", out);
    return out;
  }

  private static void walk(
      JsonNode s,
      JsonNode value,
      JsonNode old,
      String path,
      boolean root,
      List<FieldError> errors) {
    if (s == null || !present(value)) {
      return;
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
      Map<String, JsonNode> oldByKey = ListTypes.correlatableOldItems(s, old);
      List<String> keys = ListTypes.mapKeys(s);
      for (int i = 0; i < value.size(); i++) {
        JsonNode item = value.get(i);
        JsonNode oldItem = oldByKey == null ? null : oldByKey.get(ListTypes.keyOf(item, keys));
        walk(it, item, oldItem, Schemas.index(path, i), false, errors);
      }
    }
  }

  private static void evaluateRules(
      JsonNode s,
      JsonNode rules,
      JsonNode value,
      JsonNode old,
      String path,
      boolean root,
      List<FieldError> errors) {
    Object self = null;
    Object oldSelf = null;
    String typeName = Schemas.quote(Schemas.celValueTypeName(s, value));
    for (JsonNode rule : rules) {
      String expr = rule.path("rule").asText("");
      String errPath = FieldPaths.withFieldPath(path, rule.path("fieldPath").asText(""));
      boolean optionalOldSelf = rule.path("optionalOldSelf").asBoolean(false);
      CelRuleEngine.Compiled c = compile(expr, optionalOldSelf);
      if (!c.ok()) {
        errors.add(
            new FieldError(
                errPath,
                Type.FieldValueInvalid,
                "Invalid value: "
                    + typeName
                    + ": compilation failed for rule "
                    + expr
                    + ": "
                    + c.error()));
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
      Object boundOld =
          !c.usesOldSelf() ? null : optionalOldSelf ? Optional.ofNullable(oldSelf) : oldSelf;
      Object result;
      try {
        result = CelRuleEngine.evaluate(c, self, boundOld);
      } catch (CelEvaluationException | RuntimeException e) {
        errors.add(
            new FieldError(
                errPath,
                Type.FieldValueInvalid,
                "Invalid value: "
                    + typeName
                    + ": "
                    + e.getMessage()
                    + " evaluating rule: "
                    + expr));
        continue;
      }
      if (Boolean.TRUE.equals(result)) {
        continue;
      }
      if (!(result instanceof Boolean)) {
        errors.add(
            new FieldError(
                errPath,
                Type.FieldValueInvalid,
                "Invalid value: " + typeName + ": rule did not evaluate to a bool: " + expr));
        continue;
      }
      String message = null;
      if (rule.hasNonNull("messageExpression")) {
        message =
            CelRuleEngine.evaluateMessage(
                    rule.get("messageExpression").asText(), self, boundOld, optionalOldSelf)
                .orElse(null);
      }
      if (message == null) {
        message =
            rule.hasNonNull("message") && !rule.get("message").asText().isBlank()
                ? rule.get("message").asText()
                : "failed rule: " + expr;
      }
      errors.add(
          ruleError(errPath, rule.path("reason").asText("FieldValueInvalid"), typeName, message));
    }
  }

  private static CelRuleEngine.Compiled compile(String expr, boolean optionalOldSelf) {
    return optionalOldSelf
        ? CelRuleEngine.compileOptionalOldSelf(expr)
        : CelRuleEngine.compile(expr);
  }

  private static FieldError ruleError(String path, String reason, String typeName, String message) {
    return switch (reason) {
      case "FieldValueForbidden" ->
          new FieldError(path, Type.FieldValueForbidden, "Forbidden: " + message);
      case "FieldValueRequired" ->
          new FieldError(path, Type.FieldValueRequired, "Required value: " + message);
      case "FieldValueDuplicate" ->
          new FieldError(
              path, Type.FieldValueDuplicate, "Duplicate value: " + typeName + ": " + message);
      default ->
          new FieldError(
              path, Type.FieldValueInvalid, "Invalid value: " + typeName + ": " + message);
    };
  }

  /**
   * At the root, CEL sees apiVersion, kind and only metadata.name/generateName (as in the
   * apiserver).
   */
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

  private static void collectCompilationErrors(JsonNode s, String path, List<String> out) {
    if (s == null || !s.isObject()) {
      return;
    }
    for (JsonNode rule : s.path(VALIDATIONS)) {
      for (String field : List.of("rule", "messageExpression")) {
        if (rule.hasNonNull(field)) {
          CelRuleEngine.Compiled c =
              compile(rule.get(field).asText(), rule.path("optionalOldSelf").asBoolean(false));
          if (!c.ok()) {
            out.add((path.isEmpty() ? "<root>" : path) + ": " + c.expression() + ": " + c.error());
          }
        }
      }
    }
    JsonNode props = properties(s);
    if (props != null) {
      props
          .fields()
          .forEachRemaining(
              e -> collectCompilationErrors(e.getValue(), Schemas.child(path, e.getKey()), out));
    }
    collectCompilationErrors(additionalPropertiesSchema(s), path + "[*]", out);
    collectCompilationErrors(items(s), path + "[*]", out);
  }
}
