package org.openeuler.nestos.simulator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.controlplane.RealControlPlane;

/**
 * The API server a {@link SimulatedCluster} runs on: the project's stand-in ({@link TestApiServer},
 * one per cluster) or the upstream control plane ({@link RealControlPlane#shared()}, one per JVM,
 * reset to empty when a cluster starts and when it closes). Chosen by the system property {@value
 * #PROPERTY} or the environment variable {@value #ENV} ({@code standin}, the default, or {@code
 * real}); the same tests run on both.
 */
public final class ClusterBackend implements AutoCloseable {

  public static final String PROPERTY = "nestos.controlPlane";
  public static final String ENV = "NESTOS_CONTROL_PLANE";

  /** Namespaces the simulator and its tests use: emptied on the shared real control plane. */
  public static final List<String> NAMESPACES = List.of("default", "apps");

  /** Which API server. */
  public enum Kind {
    STANDIN,
    REAL;

    /**
     * {@code standin}, {@code real}, or {@code auto} (real where {@code
     * scripts/build-control-plane} built the binaries, the stand-in elsewhere).
     */
    public static Kind parse(String value) {
      return switch (value.strip().toLowerCase(Locale.ROOT)) {
        case "standin", "stand-in" -> STANDIN;
        case "real" -> REAL;
        case "auto" -> RealControlPlane.binariesBuilt() ? REAL : STANDIN;
        default ->
            throw new IllegalArgumentException(
                "control plane must be standin, real or auto, got " + value);
      };
    }

    /** From {@value #PROPERTY} / {@value #ENV}; the stand-in when neither is set. */
    public static Kind configured() {
      String v = System.getProperty(PROPERTY);
      if (v == null || v.isBlank()) {
        v = System.getenv(ENV);
      }
      return v == null || v.isBlank() ? STANDIN : parse(v);
    }
  }

  private final Kind kind;
  private final TestApiServer standIn;
  private final RealControlPlane real;

  private ClusterBackend(Kind kind, TestApiServer standIn, RealControlPlane real) {
    this.kind = kind;
    this.standIn = standIn;
    this.real = real;
  }

  /** A fresh stand-in, or the shared real control plane emptied of what a previous test left. */
  public static ClusterBackend start(Kind kind) {
    if (kind == Kind.STANDIN) {
      return new ClusterBackend(kind, TestApiServer.start(), null);
    }
    RealControlPlane cp = RealControlPlane.shared();
    ensureNamespaces(cp);
    cp.resetProjectObjects(NAMESPACES);
    return new ClusterBackend(kind, null, cp);
  }

  private static void ensureNamespaces(RealControlPlane cp) {
    for (String ns : NAMESPACES) {
      if (cp.admin().namespaces().withName(ns).get() == null) {
        cp.admin()
            .namespaces()
            .resource(
                new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                    .withNewMetadata()
                    .withName(ns)
                    .endMetadata()
                    .build())
            .create();
      }
    }
    // pods are admitted only once the service-account controller made the namespace's default SA
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
    while (NAMESPACES.stream()
        .anyMatch(
            ns -> cp.admin().serviceAccounts().inNamespace(ns).withName("default").get() == null)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no default ServiceAccount in " + NAMESPACES);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  public Kind kind() {
    return kind;
  }

  /** A cluster-admin client configuration (a fresh copy). */
  public Config clientConfig() {
    return kind == Kind.STANDIN
        ? standIn.clientConfig()
        : new ConfigBuilder(real.adminConfig()).withNamespace("default").build();
  }

  public String url() {
    return kind == Kind.STANDIN ? standIn.url() : real.url();
  }

  /** The stand-in (its request log, fault injection); empty on the real control plane. */
  public java.util.Optional<TestApiServer> standIn() {
    return java.util.Optional.ofNullable(standIn);
  }

  /** A kubeconfig for kubectl (cluster admin). */
  public Path writeKubeconfig(Path file) throws IOException {
    if (kind == Kind.STANDIN) {
      return standIn.writeKubeconfig(file);
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.copy(real.adminKubeconfig(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  /** Stops the stand-in; empties the shared real control plane (which stays up for the JVM). */
  @Override
  public void close() {
    if (kind == Kind.STANDIN) {
      standIn.close();
      return;
    }
    try {
      real.resetProjectObjects(NAMESPACES);
    } catch (RuntimeException e) {
      // the JVM is exiting and the control plane's own shutdown hook stopped it first
      org.slf4j.LoggerFactory.getLogger(ClusterBackend.class)
          .warn("could not empty the real control plane: {}", e.toString());
    }
  }
}
