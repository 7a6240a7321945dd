package org.openeuler.nestos.apiserver;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.SSLUtils;
import javax.net.ssl.SSLContext;

/**
 * The TLS context of a fabric8 client configuration (its CA and client certificate), for clients
 * under test that do not use fabric8, such as the node daemon's: null for a plain HTTP server.
 */
public final class ClientTls {

  private ClientTls() {}

  public static SSLContext of(Config config) {
    if (!config.getMasterUrl().startsWith("https:")) {
      return null;
    }
    try {
      return SSLUtils.sslContext(config);
    } catch (Exception e) {
      throw new IllegalStateException("TLS of " + config.getMasterUrl() + ": " + e, e);
    }
  }
}
