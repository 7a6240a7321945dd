package org.openeuler.nestos.apiserver.patch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Outcome of a server-side apply.
 *
 * @param object the new object, managedFields updated (server metadata such as resourceVersion
 *     untouched)
 * @param changed false when the apply was a no-op (the store may skip the write)
 */
public record ApplyResult(ObjectNode object, boolean changed) {}
