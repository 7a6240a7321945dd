package org.openeuler.nestos.daemon.update;

import org.openeuler.nestos.api.v1alpha1.NodeStateStatus;

/** The daemon's own NodeState status (the Kubernetes writer comes later). */
public interface StatusSink {

  /**
   * Claims a ticket: writes {@code acceptedTicket} with {@code resourceVersion}; false on a 409
   * conflict.
   */
  boolean claimTicket(String ticket, String resourceVersion) throws Exception;

  /** Writes the daemon-owned update fields. */
  void report(NodeStateStatus status) throws Exception;
}
