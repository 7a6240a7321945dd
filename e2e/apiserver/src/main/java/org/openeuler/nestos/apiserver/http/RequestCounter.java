package org.openeuler.nestos.apiserver.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts API requests per verb, resource and user agent (served at {@code /debug/requests}; {@code
 * DELETE} resets), so benchmarks can count an operator's writes.
 */
public final class RequestCounter {

  /**
   * One counted bucket. {@code verb} is kube's: get, list, watch, create, update, patch, delete.
   */
  public record Bucket(String verb, String resource, String userAgent) {}

  private final Map<Bucket, LongAdder> counts = new ConcurrentHashMap<>();

  public void count(String verb, String resource, String userAgent) {
    counts
        .computeIfAbsent(
            new Bucket(verb, resource, userAgent == null ? "" : userAgent), b -> new LongAdder())
        .increment();
  }

  public long total(String verb, String resource) {
    return counts.entrySet().stream()
        .filter(
            e ->
                (verb == null || e.getKey().verb().equals(verb))
                    && (resource == null || e.getKey().resource().equals(resource)))
        .mapToLong(e -> e.getValue().sum())
        .sum();
  }

  /**
   * Writes (create, update, patch, delete) whose user agent starts with {@code userAgentPrefix}.
   */
  public long writes(String userAgentPrefix) {
    return counts.entrySet().stream()
        .filter(e -> e.getKey().userAgent().startsWith(userAgentPrefix))
        .filter(
            e ->
                switch (e.getKey().verb()) {
                  case "create", "update", "patch", "delete" -> true;
                  default -> false;
                })
        .mapToLong(e -> e.getValue().sum())
        .sum();
  }

  public void reset() {
    counts.clear();
  }

  public ObjectNode toJson() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    var array = root.putArray("requests");
    Map<Bucket, Long> sorted =
        new TreeMap<>(
            (a, b) ->
                (a.verb() + a.resource() + a.userAgent())
                    .compareTo(b.verb() + b.resource() + b.userAgent()));
    counts.forEach((k, v) -> sorted.put(k, v.sum()));
    sorted.forEach(
        (k, v) ->
            array
                .addObject()
                .put("verb", k.verb())
                .put("resource", k.resource())
                .put("userAgent", k.userAgent())
                .put("count", v));
    root.put("total", sorted.values().stream().mapToLong(Long::longValue).sum());
    return root;
  }
}
