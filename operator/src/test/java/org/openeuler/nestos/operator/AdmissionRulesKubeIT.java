package org.openeuler.nestos.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.openeuler.nestos.controlplane.RealControlPlane;
import org.openeuler.nestos.ostree.core.kargs.HostOwnedArguments;

/**
 * The admission rules of issue 11 on the real kube-apiserver (server-side dry runs: nothing is
 * stored): every kernel argument of the one deny-list is refused in a NodeConfig (item 5; the
 * daemon refuses the same list, {@code DeniedKernelArgumentsTest}), and every {@code
 * examples/invalid} file is refused by kubectl 1.35 for the reason its {@code # rejected-by:} line
 * states (items 1 and 6: integers beyond int, a health gate that cannot pass, invalid selectors,
 * credentials in a URL, and every older rule).
 */
class AdmissionRulesKubeIT {

  private static final ResourceDefinitionContext NODECONFIGS =
      new ResourceDefinitionContext.Builder()
          .withGroup("nestos.openeuler.org")
          .withVersion("v1alpha1")
          .withKind("NodeConfig")
          .withPlural("nodeconfigs")
          .withNamespaced(false)
          .build();

  private static RealControlPlane cp;
  private static KubernetesClient admin;

  @BeforeAll
  static void start() {
    cp = RealControlPlane.shared();
    admin = cp.newAdminClient("admission-rules-it");
  }

  @AfterAll
  static void stop() {
    admin.close();
  }

  /** The tokens issue 11 names, then every key (bare and with a value) and prefix of the list. */
  static Stream<String> denied() {
    return Stream.of(
            Stream.of(
                "init=/bin/sh",
                "systemd.unit=rescue.target",
                "rd.break",
                "rw",
                "rootflags=ro",
                "single",
                "ostree.prepare-root.composefs=0"),
            HostOwnedArguments.KEYS.stream().flatMap(k -> Stream.of(k, k + "=1")),
            HostOwnedArguments.KEY_PREFIXES.stream().map(p -> p + "x=1"))
        .flatMap(s -> s);
  }

  @TestFactory
  Stream<DynamicTest> everyDeniedKernelArgumentIsRefused() {
    return denied()
        .map(
            token ->
                DynamicTest.dynamicTest(
                    token,
                    () ->
                        assertThatThrownBy(
                                () ->
                                    admin
                                        .genericKubernetesResources(NODECONFIGS)
                                        .resource(nodeConfig("karg-probe", token))
                                        .dryRun()
                                        .create())
                            .isInstanceOfSatisfying(
                                KubernetesClientException.class,
                                e -> {
                                  assertThat(e.getCode()).isEqualTo(422);
                                  assertThat(e.getMessage()).contains("HostOwned");
                                })));
  }

  @TestFactory
  Stream<DynamicTest> allowedKernelArgumentsAreAccepted() {
    return Stream.of("quiet", "console=ttyS0,115200", "systemd.unified_cgroup_hierarchy=1", "1G")
        .map(
            token ->
                DynamicTest.dynamicTest(
                    token,
                    () ->
                        assertThat(
                                admin
                                    .genericKubernetesResources(NODECONFIGS)
                                    .resource(nodeConfig("karg-allowed", token))
                                    .dryRun()
                                    .create())
                            .isNotNull()));
  }

  @TestFactory
  Stream<DynamicTest> everyInvalidExampleIsRefusedForItsStatedReason() throws IOException {
    Path dir = repoRoot().resolve("examples/invalid");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(20);
    return files.stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    f.getFileName().toString(),
                    () -> {
                      String reason = statedReason(f);
                      Run run = kubectl("apply", "--dry-run=server", "-f", f.toString());
                      assertThat(run.exit()).as(run.out()).isNotZero();
                      assertThat(run.out()).contains(reason);
                    }));
  }

  private static GenericKubernetesResource nodeConfig(String name, String token) {
    return new KubernetesSerialization()
        .convertValue(
            Map.of(
                "apiVersion",
                "nestos.openeuler.org/v1alpha1",
                "kind",
                "NodeConfig",
                "metadata",
                Map.of("name", name),
                "spec",
                Map.of(
                    "nodeSelector",
                    Map.of("matchLabels", Map.of("pool", "workers")),
                    "kernelArguments",
                    List.of("quiet", token))),
            GenericKubernetesResource.class);
  }

  private record Run(int exit, String out) {}

  private static Run kubectl(String... args) throws IOException, InterruptedException {
    Path kubectl = repoRoot().resolve(".tools/kubectl-1.35/kubectl");
    if (!Files.isExecutable(kubectl)) {
      throw new IllegalStateException(
          kubectl + " missing: run " + repoRoot().resolve("scripts/install-tools"));
    }
    List<String> argv =
        Stream.concat(
                Stream.of(kubectl.toString(), "--kubeconfig", cp.adminKubeconfig().toString()),
                Stream.of(args))
            .toList();
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("kubectl did not finish: " + argv);
    }
    return new Run(p.exitValue(), out);
  }

  private static String statedReason(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .filter(l -> l.startsWith("# rejected-by:"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(file + " has no '# rejected-by:' line"))
        .substring("# rejected-by:".length())
        .trim();
  }

  private static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("examples/invalid"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("no examples/invalid above " + Path.of("").toAbsolutePath());
    }
    return p;
  }
}
