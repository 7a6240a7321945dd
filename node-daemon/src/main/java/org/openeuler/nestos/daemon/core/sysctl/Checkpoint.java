package org.openeuler.nestos.daemon.core.sysctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The originals of every key the project owns or owned (value as read before the project first
 * wrote it). Stored on the host as JSON; its keys are also the record of what was ours after a
 * restart.
 */
public record Checkpoint(Map<String, String> originals) {

  /** Default location; the applier makes it configurable. */
  public static final String DEFAULT_PATH = "/var/lib/nestos/sysctl-originals.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int FORMAT = 1;

  public Checkpoint {
    originals = Collections.unmodifiableMap(new TreeMap<>(originals));
  }

  public static Checkpoint empty() {
    return new Checkpoint(Map.of());
  }

  public boolean isEmpty() {
    return originals.isEmpty();
  }

  /** Parses the stored JSON; empty or blank content is an empty checkpoint. */
  public static Checkpoint parse(String json) {
    if (json == null || json.isBlank()) {
      return empty();
    }
    try {
      JsonNode root = JSON.readTree(json);
      Map<String, String> originals = new TreeMap<>();
      JsonNode o = root.path("originals");
      if (!root.isObject() || !(o.isObject() || o.isMissingNode())) {
        throw new IllegalArgumentException("sysctl checkpoint: expected {\"originals\": {...}}");
      }
      o.fields().forEachRemaining(e -> originals.put(e.getKey(), e.getValue().asText()));
      return new Checkpoint(originals);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "sysctl checkpoint is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Stable JSON (sorted keys). */
  public String render() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    ObjectNode o = root.putObject("originals");
    originals.forEach(o::put);
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
