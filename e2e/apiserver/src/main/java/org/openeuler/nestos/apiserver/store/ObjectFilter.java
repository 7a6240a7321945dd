package org.openeuler.nestos.apiserver.store;

import com.fasterxml.jackson.databind.JsonNode;

/** A predicate over stored objects: collection membership plus label and field selectors. */
public interface ObjectFilter {
  boolean matches(ObjectKey key, JsonNode object);
}
