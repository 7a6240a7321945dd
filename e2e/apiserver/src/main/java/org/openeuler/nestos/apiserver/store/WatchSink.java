package org.openeuler.nestos.apiserver.store;

/** Receives watch events; called under the store's lock, so it must not block (queue the write). */
public interface WatchSink {
  void onEvent(WatchEvent.Type type, com.fasterxml.jackson.databind.node.ObjectNode object);

  /**
   * The requested resourceVersion is older than the retained history (HTTP 410 Gone as a watch
   * ERROR event).
   */
  void onExpired(long oldestRetained);
}
