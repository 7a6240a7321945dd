package org.openeuler.nestos.ostree.core.rpmostree;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code rpm-ostree status --json}. Unknown fields are ignored; optional ones ({@code
 * version}, {@code container-image-reference...}, {@code origin}, {@code finalization-locked},
 * {@code staged}, the top-level {@code update-driver}) may be absent.
 */
public final class RpmOstreeStatusParser {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RpmOstreeStatusParser() {}

  public static RpmOstreeStatus parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "rpm-ostree status --json is not JSON: " + e.getOriginalMessage(), e);
    }
    JsonNode deployments = root == null ? null : root.get("deployments");
    if (deployments == null || !deployments.isArray()) {
      throw new IllegalArgumentException("rpm-ostree status --json has no deployments array");
    }
    List<RpmOstreeDeployment> parsed = new ArrayList<>();
    for (int i = 0; i < deployments.size(); i++) {
      parsed.add(deployment(i, deployments.get(i)));
    }
    return new RpmOstreeStatus(parsed, updateDriver(root.get("update-driver")));
  }

  /**
   * {@code "update-driver"}: null or an object with {@code driver-name} and {@code driver-sd-unit}.
   */
  private static RpmOstreeStatus.UpdateDriver updateDriver(JsonNode driver) {
    if (driver == null || !driver.isObject()) {
      return null;
    }
    String name = text(driver, "driver-name");
    String unit = text(driver, "driver-sd-unit");
    // rpm-ostree treats a driver as registered only when both are set (error_if_driver_registered)
    return name == null || unit == null ? null : new RpmOstreeStatus.UpdateDriver(name, unit);
  }

  private static RpmOstreeDeployment deployment(int index, JsonNode d) {
    String checksum = text(d, "checksum");
    if (checksum == null) {
      throw new IllegalArgumentException("deployment " + index + " has no checksum");
    }
    return new RpmOstreeDeployment(
        index,
        text(d, "id"),
        text(d, "osname"),
        checksum,
        text(d, "base-checksum"),
        text(d, "version"),
        d.path("timestamp").asLong(0),
        text(d, "origin"),
        text(d, "container-image-reference"),
        text(d, "container-image-reference-digest"),
        bool(d, "booted"),
        bool(d, "staged"),
        bool(d, "finalization-locked"),
        bool(d, "pinned"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static boolean bool(JsonNode node, String field) {
    return node.path(field).asBoolean(false);
  }
}
