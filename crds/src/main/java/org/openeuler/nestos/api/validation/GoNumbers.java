package org.openeuler.nestos.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON numbers as kube-apiserver decodes a custom resource: an integer literal that fits int64
 * stays an integer, anything else becomes a float64, and a float64 with no fractional part within
 * ±2^53 counts as an integer (kube-openapi's {@code swag.IsFloat64AJSONInteger}) and is written
 * back without a fraction. So {@code 2.0} is a valid {@code integer}, {@code 9223372036854775808}
 * is not. Found by the differential admission test (docs/admission-differential.md).
 */
final class GoNumbers {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final double MAX_JSON_INTEGER = 1L << 53;

  private GoNumbers() {}

  /** A copy of {@code v} with its numbers decoded as the apiserver would (null stays null). */
  static JsonNode decode(JsonNode v) {
    if (v == null) {
      return null;
    }
    JsonNode copy = v.deepCopy();
    return rewrite(copy);
  }

  private static JsonNode rewrite(JsonNode v) {
    if (v instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      for (String n : names) {
        o.set(n, rewrite(o.get(n)));
      }
      return o;
    }
    if (v instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        a.set(i, rewrite(a.get(i)));
      }
      return a;
    }
    if (!v.isNumber()) {
      return v;
    }
    if (v.isIntegralNumber()) {
      BigInteger b = v.bigIntegerValue();
      return b.compareTo(MIN) >= 0 && b.compareTo(MAX) <= 0
          ? F.numberNode(b.longValue())
          : F.numberNode(b.doubleValue());
    }
    double d = v.doubleValue();
    if (!Double.isInfinite(d)
        && Math.abs(d) <= MAX_JSON_INTEGER
        && BigDecimal.valueOf(d).stripTrailingZeros().scale() <= 0) {
      return F.numberNode((long) d);
    }
    return F.numberNode(d);
  }
}
