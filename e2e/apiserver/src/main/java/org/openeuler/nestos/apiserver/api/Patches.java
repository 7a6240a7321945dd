package org.openeuler.nestos.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openeuler.nestos.apiserver.patch.JsonMergePatch;
import org.openeuler.nestos.apiserver.patch.JsonPatch;
import org.openeuler.nestos.apiserver.patch.ListSchema;
import org.openeuler.nestos.apiserver.patch.StrategicMergePatch;

/** The pure patch algorithms of {@code ..apiserver.patch}, on copies. */
final class Patches {

  private Patches() {}

  static JsonNode jsonPatch(ObjectNode current, JsonNode patch) {
    return JsonPatch.apply(current.deepCopy(), patch);
  }

  static JsonNode mergePatch(ObjectNode current, JsonNode patch) {
    return JsonMergePatch.apply(current.deepCopy(), patch);
  }

  static JsonNode strategicMergePatch(ObjectNode current, JsonNode patch, ListSchema schema) {
    if (!(patch instanceof ObjectNode object)) {
      throw ApiException.badRequest("a strategic merge patch must be a JSON object");
    }
    return StrategicMergePatch.apply(current.deepCopy(), object, schema);
  }
}
