package org.openeuler.nestos.daemon.core.update;

import java.util.List;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.HealthCheck;
import org.openeuler.nestos.api.v1alpha1.HealthGate;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.OwnedKernelArgument;
import org.openeuler.nestos.api.v1alpha1.SystemdUnitCheck;

/** Test data: one node, two images, rendered specs with grants. */
public final class Specs {

  public static final String NODE = "node-a";
  public static final String UID = "uid-a";
  public static final String REPO = "registry.example.com/nestos/os@sha256:";
  public static final String OLD = REPO + "a".repeat(64);
  public static final String NEW = REPO + "b".repeat(64);
  public static final String NEWER = REPO + "c".repeat(64);

  /** The booted deployment's reference in rpm-ostree's form. */
  public static final String OLD_REF = "ostree-unverified-registry:" + OLD;

  public static final List<String> BOOT_KARGS = List.of("root=/dev/vda4", "rw");
  public static final int DEADLINE = 60;
  public static final int MIN_READY = 20;

  private Specs() {}

  public static HealthGate gate(HealthGate.FailureAction action) {
    HealthCheck check =
        new HealthCheck(
            "kubelet",
            HealthCheck.Type.SystemdUnit,
            10,
            null,
            null,
            new SystemdUnitCheck("kubelet.service"),
            null);
    return new HealthGate(DEADLINE, MIN_READY, List.of(check), action);
  }

  public static NodeStateSpec spec(
      String revision, String image, Disruption disruption, HealthGate.FailureAction action) {
    return new NodeStateSpec(
        NODE,
        UID,
        revision,
        image,
        "osv",
        null,
        List.of(new OwnedKernelArgument("mitigations=auto", List.of("NodeConfig/base"))),
        List.of(),
        null,
        gate(action),
        disruption);
  }

  public static NodeStateSpec spec(String revision, String image, Disruption disruption) {
    return spec(revision, image, disruption, HealthGate.FailureAction.RollbackNode);
  }

  /** {@code spec} with another image policy. */
  public static NodeStateSpec withPolicy(
      NodeStateSpec s, org.openeuler.nestos.api.v1alpha1.ImagePolicy policy) {
    return new NodeStateSpec(
        s.nodeName(),
        s.nodeUID(),
        s.revision(),
        s.osImage(),
        s.osVersionRef(),
        policy,
        s.kernelArguments(),
        s.sysctls(),
        s.rubikProfile(),
        s.healthGate(),
        s.disruption());
  }

  public static Disruption none() {
    return new Disruption(Disruption.Allowed.None, null, null, null);
  }

  public static Disruption stage(String revision) {
    return new Disruption(Disruption.Allowed.Stage, "stage-" + revision, "any", revision);
  }

  /** The ticket the operator issues for a Reboot grant to this node (OSVersion "osv"). */
  public static String ticket(String bootId, String revision) {
    return org.openeuler.nestos.api.Tickets.of(
        "osv", Disruption.Allowed.Reboot, UID, bootId, revision);
  }

  /** The operator's Reboot grant for {@code bootId} and {@code revision}. */
  public static Disruption reboot(String bootId, String revision) {
    return reboot(ticket(bootId, revision), bootId, revision);
  }

  public static Disruption reboot(String ticket, String bootId, String revision) {
    return new Disruption(Disruption.Allowed.Reboot, ticket, bootId, revision);
  }
}
