package org.openeuler.nestos.simulator;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.openeuler.nestos.api.v1alpha1.NodeConfig;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.OSVersion;

/** Custom resources and reads for the E2E tests, as a user would write them (YAML). */
final class Cr {

  private Cr() {}

  /**
   * An OSVersion for the workers with a SystemdUnit kubelet health gate; {@code rollout} is extra
   * YAML lines.
   */
  static String osVersion(
      String name, String image, String rollout, int deadlineSeconds, int minReadySeconds) {
    return """
        apiVersion: nestos.openeuler.org/v1alpha1
        kind: OSVersion
        metadata:
          name: %s
        spec:
          osImage: %s
          nodeSelector:
            matchLabels:
              node-role.kubernetes.io/worker: ""
          rollout:
            %s
            healthGate:
              deadlineSeconds: %d
              minReadySeconds: %d
              checks:
                - name: kubelet
                  type: SystemdUnit
                  systemdUnit:
                    unit: kubelet.service
        """
        .formatted(name, image, rollout, deadlineSeconds, minReadySeconds);
  }

  /** Creates the resource (OSVersion or NodeConfig) in the YAML. */
  static void apply(SimulatedCluster c, String yaml) {
    if (yaml.contains("kind: OSVersion")) {
      c.admin()
          .resources(OSVersion.class)
          .resource(Serialization.unmarshal(yaml, OSVersion.class))
          .create();
    } else if (yaml.contains("kind: NodeConfig")) {
      c.admin()
          .resources(NodeConfig.class)
          .resource(Serialization.unmarshal(yaml, NodeConfig.class))
          .create();
    } else {
      throw new IllegalArgumentException("unsupported kind in " + yaml);
    }
  }

  static OSVersion osv(SimulatedCluster c, String name) {
    return c.admin().resources(OSVersion.class).withName(name).get();
  }

  static NodeConfig nodeConfig(SimulatedCluster c, String name) {
    return c.admin().resources(NodeConfig.class).withName(name).get();
  }

  static NodeState nodeState(SimulatedCluster c, String name) {
    return c.admin().resources(NodeState.class).withName(name).get();
  }

  /** {@code status/reason} of the OSVersion's condition, or null. */
  static String condition(SimulatedCluster c, String osv, String type) {
    OSVersion o = osv(c, osv);
    if (o == null || o.getStatus() == null || o.getStatus().conditions() == null) {
      return null;
    }
    return o.getStatus().conditions().stream()
        .filter(x -> type.equals(x.getType()))
        .map(x -> x.getStatus() + "/" + x.getReason())
        .findFirst()
        .orElse(null);
  }

  static List<String> nodeBootIds(SimulatedCluster c) {
    return c.admin().nodes().list().getItems().stream()
        .map(Node::getStatus)
        .map(s -> s.getNodeInfo().getBootID())
        .toList();
  }

  /** As {@link #await(Duration, String, BooleanSupplier)}, with the cluster's state on failure. */
  static void await(SimulatedCluster c, Duration timeout, String what, BooleanSupplier done)
      throws InterruptedException {
    try {
      await(timeout, what, done);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + c.describe(), e);
    }
  }

  /** Polls every 100 ms until {@code done} or the timeout (then fails with {@code what}). */
  static void await(Duration timeout, String what, BooleanSupplier done)
      throws InterruptedException {
    try {
      org.awaitility.Awaitility.await(what)
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(100))
          .until(done::getAsBoolean);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "timed out after " + timeout.toSeconds() + " s waiting for: " + what, e);
    }
  }

  /**
   * Asserts that {@code holds} stays true for the whole of {@code period} (polled every 100 ms): a
   * wrongly behaving component is given that long to break it.
   */
  static void holdsFor(Duration period, String what, BooleanSupplier holds) {
    try {
      org.awaitility.Awaitility.await(what)
          .during(period)
          .atMost(period.plusSeconds(5))
          .pollInterval(Duration.ofMillis(100))
          .until(holds::getAsBoolean);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("did not hold for " + period.toMillis() + " ms: " + what, e);
    }
  }
}
