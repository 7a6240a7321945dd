package org.openeuler.nestos.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openeuler.nestos.ostree.core.kargs.HostOwnedArguments;

/**
 * Schema customizers the CRD generator applies (via {@code @SchemaCustomizer}) to the object types
 * that embed fabric8's metav1 {@code Condition} and {@code LabelSelector}: those model classes
 * carry no descriptions and no bounds, so the generated schema gets upstream's descriptions and
 * list-map markers here, at generation time.
 */
public final class Schemas {
  private Schemas() {}

  /**
   * Input: the name of a {@code List<Condition>} property. Makes it a list-map keyed by type,
   * bounded and described.
   */
  public static final class ConditionList implements SchemaCustomizer.Customizer {
    @Override
    public JSONSchemaProps apply(
        JSONSchemaProps schema, String input, KubernetesSerialization ser) {
      JSONSchemaProps list = property(schema, input.isBlank() ? "conditions" : input);
      list.setXKubernetesListType("map");
      list.setXKubernetesListMapKeys(List.of("type"));
      if (list.getMaxItems() == null) {
        list.setMaxItems(16L);
      }
      JSONSchemaProps item = list.getItems().getSchema();
      item.setDescription(
          "Condition contains details for one aspect of the current state of this API resource"
              + " (metav1.Condition).");
      item.setRequired(List.of("type", "status", "lastTransitionTime", "reason", "message"));
      Map<String, JSONSchemaProps> p = item.getProperties();
      describe(p, "type", "type of condition in CamelCase, unique within the list.");
      p.get("type").setMaxLength(316L);
      p.get("type")
          .setPattern(
              "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$");
      describe(p, "status", "status of the condition, one of True, False, Unknown.");
      p.get("status").setEnum(List.of(text("True"), text("False"), text("Unknown")));
      describe(
          p,
          "observedGeneration",
          "observedGeneration is the .metadata.generation the condition was set based upon.");
      p.get("observedGeneration").setMinimum(0.0);
      p.get("observedGeneration").setMaximum((double) Integer.MAX_VALUE);
      describe(
          p,
          "lastTransitionTime",
          "lastTransitionTime is the last time the condition transitioned from one status to another.");
      p.get("lastTransitionTime").setFormat("date-time");
      describe(
          p, "reason", "reason is a programmatic CamelCase identifier of the last transition.");
      p.get("reason").setMaxLength(1024L);
      p.get("reason").setMinLength(1L);
      p.get("reason").setPattern("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$");
      describe(
          p,
          "message",
          "message is a human readable message indicating details about the transition.");
      p.get("message").setMaxLength(32768L);
      return schema;
    }
  }

  /**
   * Input: the name of a {@code LabelSelector} property. Adds descriptions and bounds
   * (metav1.LabelSelector).
   */
  public static final class LabelSelectorField implements SchemaCustomizer.Customizer {
    @Override
    public JSONSchemaProps apply(
        JSONSchemaProps schema, String input, KubernetesSerialization ser) {
      JSONSchemaProps sel = property(schema, input);
      Map<String, JSONSchemaProps> p = sel.getProperties();
      describe(
          p, "matchLabels", "matchLabels is a map of {key,value} pairs; all must match (ANDed).");
      p.get("matchLabels").setMaxProperties(64L);
      p.get("matchLabels").getAdditionalProperties().getSchema().setMaxLength(63L);
      JSONSchemaProps exprs = p.get("matchExpressions");
      describe(
          p,
          "matchExpressions",
          "matchExpressions is a list of label selector requirements (ANDed).");
      exprs.setMaxItems(32L);
      JSONSchemaProps req = exprs.getItems().getSchema();
      req.setDescription("A label selector requirement: a key, an operator and values.");
      req.setRequired(List.of("key", "operator"));
      Map<String, JSONSchemaProps> r = req.getProperties();
      describe(r, "key", "key is the label key that the selector applies to.");
      r.get("key").setMaxLength(317L);
      describe(r, "operator", "operator represents the key's relationship to a set of values.");
      r.get("operator")
          .setEnum(List.of(text("In"), text("NotIn"), text("Exists"), text("DoesNotExist")));
      describe(
          r, "values", "values is an array of label values; empty for Exists and DoesNotExist.");
      r.get("values").setMaxItems(64L);
      r.get("values").getItems().getSchema().setMaxLength(63L);
      // a selector the API server's own label selector validation would refuse is refused here,
      // not matched to nothing (docs/api.md, "Label selectors")
      r.get("key").setPattern(Patterns.LABEL_KEY);
      r.get("values").getItems().getSchema().setPattern(Patterns.LABEL_VALUE);
      p.get("matchLabels").getAdditionalProperties().getSchema().setPattern(Patterns.LABEL_VALUE);
      req.setXKubernetesValidations(
          List.of(
              rule(
                  "self.operator in ['In', 'NotIn'] ? has(self.values) && size(self.values) > 0"
                      + " : !has(self.values) || size(self.values) == 0",
                  "values must be non-empty for In and NotIn and empty for Exists and DoesNotExist",
                  null,
                  null)));
      p.get("matchLabels")
          .setXKubernetesValidations(
              List.of(
                  rule(
                      "self.all(k, k.size() <= 317 && k.matches('" + Patterns.LABEL_KEY + "'))",
                      "matchLabels keys must be valid label keys ([prefix/]name, name at most 63"
                          + " characters of alphanumerics, '-', '_' or '.')",
                      null,
                      null)));
      return schema;
    }
  }

  /**
   * Input: a JSON object deep-merged into the generated schema of the annotated type (objects merge
   * key by key, anything else replaces), e.g. list-map markers or maxLength on int-or-string
   * properties.
   */
  public static final class Merge implements SchemaCustomizer.Customizer {
    @Override
    public JSONSchemaProps apply(
        JSONSchemaProps schema, String input, KubernetesSerialization ser) {
      JsonNode target = ser.convertValue(schema, JsonNode.class);
      JsonNode patch = ser.unmarshal(input, JsonNode.class);
      merge((ObjectNode) target, (ObjectNode) patch);
      return ser.convertValue(target, JSONSchemaProps.class);
    }

    private static void merge(ObjectNode target, ObjectNode patch) {
      patch
          .fields()
          .forEachRemaining(
              e -> {
                JsonNode existing = target.get(e.getKey());
                if (existing instanceof ObjectNode && e.getValue() instanceof ObjectNode) {
                  merge((ObjectNode) existing, (ObjectNode) e.getValue());
                } else {
                  target.set(e.getKey(), e.getValue());
                }
              });
    }
  }

  /**
   * Input: the name of a list-of-strings property holding kernel argument tokens. Adds the rule
   * refusing host-owned tokens, generated from the one deny-list the daemon also enforces ({@link
   * HostOwnedArguments}).
   */
  public static final class HostOwnedKernelArguments implements SchemaCustomizer.Customizer {
    @Override
    public JSONSchemaProps apply(
        JSONSchemaProps schema, String input, KubernetesSerialization ser) {
      property(schema, input);
      List<ValidationRule> rules = new ArrayList<>();
      if (schema.getXKubernetesValidations() != null) {
        rules.addAll(schema.getXKubernetesValidations());
      }
      rules.add(
          rule(
              HostOwnedArguments.celRule(input),
              "kernel arguments "
                  + HostOwnedArguments.KEYS.stream().sorted().collect(Collectors.joining(", "))
                  + " and every key starting with "
                  + String.join(", ", HostOwnedArguments.KEY_PREFIXES)
                  + " are owned by the host or leave the node unrecoverable (HostOwned) and"
                  + " cannot be set",
              "." + input,
              "FieldValueForbidden"));
      schema.setXKubernetesValidations(rules);
      return schema;
    }
  }

  private static ValidationRule rule(String rule, String message, String fieldPath, String reason) {
    ValidationRule r = new ValidationRule();
    r.setRule(rule);
    r.setMessage(message);
    r.setFieldPath(fieldPath);
    r.setReason(reason);
    return r;
  }

  private static JSONSchemaProps property(JSONSchemaProps schema, String name) {
    JSONSchemaProps p = schema.getProperties().get(name);
    if (p == null) {
      throw new IllegalArgumentException(
          "no property " + name + " in " + schema.getProperties().keySet());
    }
    return p;
  }

  private static void describe(
      Map<String, JSONSchemaProps> props, String name, String description) {
    JSONSchemaProps p = props.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no property " + name + " in " + props.keySet());
    }
    p.setDescription(description);
  }

  private static JsonNode text(String s) {
    return TextNode.valueOf(s);
  }
}
