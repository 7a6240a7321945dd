package org.openeuler.nestos.images;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openeuler.nestos.controlplane.RealControlPlane;

/** The chart installed by the real helm, and the project's CRDs, for the image tests. */
final class ClusterTools {

  private ClusterTools() {}

  /** The chart's directory. */
  static String chart() {
    return ImageTarball.root().resolve("helm/nestos-operator").toString();
  }

  /** A cluster-scoped nestos.openeuler.org/v1alpha1 resource. */
  static ResourceDefinitionContext crd(String plural, String kind) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("nestos.openeuler.org")
        .withVersion("v1alpha1")
        .withPlural(plural)
        .withKind(kind)
        .withNamespaced(false)
        .build();
  }

  /** {@code helm <args> -n <namespace>} as the admin; install creates the namespace. */
  static void helm(RealControlPlane cp, String namespace, String... args) throws Exception {
    Path home = Files.createDirectories(Path.of("target/helm-home").toAbsolutePath());
    List<String> cmd =
        new ArrayList<>(
            List.of(
                ImageTarball.root().resolve(".tools/helm/helm").toString(),
                "--kubeconfig",
                cp.adminKubeconfig().toString(),
                "-n",
                namespace));
    cmd.addAll(List.of(args));
    if (args[0].equals("install")) {
      cmd.add("--create-namespace");
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
    pb.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
    pb.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("helm " + String.join(" ", args) + ": " + out);
    }
  }
}
