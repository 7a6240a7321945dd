package org.openeuler.nestos.controlplane;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A second kube-apiserver on the control plane's etcd ({@link
 * RealControlPlane#startPeerApiserver}): what a component behind a load balancer of an HA control
 * plane may be talking to.
 */
public final class PeerApiserver implements AutoCloseable {

  private final RealControlPlane owner;
  private final Process process;
  private final int port;
  private final Config config;
  private final KubernetesClient admin;

  PeerApiserver(RealControlPlane owner, Process process, int port, Config config) {
    this.owner = owner;
    this.process = process;
    this.port = port;
    this.config = config;
    this.admin =
        new KubernetesClientBuilder().withConfig(new ConfigBuilder(config).build()).build();
  }

  public int port() {
    return port;
  }

  public String url() {
    return "https://127.0.0.1:" + port;
  }

  /** The admin identity's configuration, pointed at this apiserver. */
  public Config adminConfig() {
    return new ConfigBuilder(config).build();
  }

  /** This apiserver's Prometheus metrics (its own request counts). */
  public String metrics() {
    return admin.raw("/metrics");
  }

  boolean ready() {
    try {
      return "ok".equals(admin.raw("/readyz"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    admin.close();
    process.destroy();
    try {
      if (!process.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    owner.stopped(process);
  }
}
