package org.openeuler.nestos.apiserver.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.List;
import org.openeuler.nestos.apiserver.api.ApiException;

/** JSON and YAML bodies, and {@code v1 Status} documents. */
public final class Json {

  public static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Json() {}

  /** Parses a request body; apply patches may be YAML (JSON is valid YAML). */
  public static JsonNode parse(byte[] body, boolean yamlAllowed) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      return (yamlAllowed ? YAML : MAPPER).readTree(body);
    } catch (IOException e) {
      throw ApiException.badRequest("the request body could not be decoded: " + e.getMessage());
    }
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ObjectNode status(ApiException e) {
    if (e.statusBody() instanceof ObjectNode prebuilt) {
      return prebuilt;
    }
    ObjectNode status = MAPPER.createObjectNode();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status
        .put("status", "Failure")
        .put("message", e.getMessage())
        .put("reason", e.reason())
        .put("code", e.code());
    if (e.name() != null || e.kind() != null || !e.causes().isEmpty()) {
      ObjectNode details = status.putObject("details");
      if (e.name() != null) {
        details.put("name", e.name());
      }
      if (e.group() != null && !e.group().isEmpty()) {
        details.put("group", e.group());
      }
      if (e.kind() != null) {
        details.put("kind", e.kind());
      }
      List<ApiException.Cause> causes = e.causes();
      if (!causes.isEmpty()) {
        var array = details.putArray("causes");
        causes.forEach(
            c ->
                array
                    .addObject()
                    .put("reason", c.reason())
                    .put("message", c.message())
                    .put("field", c.field()));
      }
    }
    return status;
  }

  public static ObjectNode success(int code) {
    ObjectNode status = MAPPER.createObjectNode();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Success").put("code", code);
    return status;
  }
}
