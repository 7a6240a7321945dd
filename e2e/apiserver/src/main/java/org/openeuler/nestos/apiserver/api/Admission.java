package org.openeuler.nestos.apiserver.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.openeuler.nestos.apiserver.registry.ResourceType;

/**
 * What a real apiserver does to a custom resource before storing it: apply schema defaults, prune
 * (or, with {@code fieldValidation=Strict}, refuse) unknown fields, validate the schema and CEL
 * rules. Built-in kinds pass through.
 */
public interface Admission {

  /**
   * @param oldObject the stored object on update (transition rules), null on create
   * @param warnings receives {@code Warning} header texts (unknown fields with {@code Warn})
   * @return the object to store
   * @throws ApiException 422 Invalid with field causes, or 400 for strict unknown fields
   */
  ObjectNode admit(
      ResourceType type,
      ObjectNode object,
      ObjectNode oldObject,
      WriteOptions options,
      List<String> warnings);

  Admission NONE = (type, object, old, options, warnings) -> object;
}
