package org.openeuler.nestos.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openeuler.nestos.operator.rollout.RuntimeHarness.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl 1.32 ({@code $NESTOS_KUBECTL}, else {@code .tools/kubectl/kubectl} from {@code
 * scripts/install-tools}) waiting on an OSVersion the whole operator rolls out: {@code kubectl wait
 * --for=condition=Ready osv/<name>} times out while the rollout runs, returns once it completed,
 * and does not take a Ready=True of an older generation for the current one (kstatus {@code
 * observedGeneration}).
 */
class KubectlWaitIT {

  static final Duration WAIT = Duration.ofSeconds(40);
  RuntimeHarness h;
  @TempDir Path dir;
  Path kubeconfig;

  @BeforeEach
  void start() throws IOException {
    h = new RuntimeHarness();
    kubeconfig = h.backend.writeKubeconfig(dir.resolve("kubeconfig"));
    h.startReplica("op");
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void kubectlWaitForReadyReturnsWhenTheRolloutCompletedForTheCurrentGeneration() throws Exception {
    h.daemon.hold = true;
    h.nodes(3, "n");
    await(WAIT, "booted", () -> h.bootedNodes() == 3);
    h.osVersion("workers", "pool", "workers", "{\"maxUnavailable\":2}");
    await(WAIT, "wave 1 claimed", () -> h.daemon.held.size() == 2);

    Run early = kubectl("wait", "--for=condition=Ready", "osv/workers", "--timeout=2s");
    assertThat(early.exit()).as(early.all()).isNotZero();
    assertThat(early.all()).contains("timed out");

    Process waiting = start("wait", "--for=condition=Ready", "osv/workers", "--timeout=60s");
    h.daemon.hold = false;
    await(
        WAIT,
        "kubectl wait returned",
        () -> {
          h.daemon
              .releaseAll(); // a claim that saw hold=true just before it changed may still land in
          // held
          return !waiting.isAlive();
        });
    String out =
        new String(waiting.getInputStream().readAllBytes())
            + new String(waiting.getErrorStream().readAllBytes());
    System.out.printf("kubectl wait: exit %d: %s%n", waiting.exitValue(), out.strip());
    assertThat(waiting.exitValue()).as(out).isZero();
    assertThat(out).contains("osversion.nestos.openeuler.org/workers condition met");
    assertThat(h.osv("workers").getStatus().updatedNodes()).isEqualTo(3);

    // a spec change while no operator runs: Ready=True is of the previous generation, so kubectl
    // keeps waiting
    h.stop("op");
    h.admin
        .resources(org.openeuler.nestos.api.v1alpha1.OSVersion.class)
        .withName("workers")
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            "{\"spec\":{\"rollout\":{\"maxUnavailable\":1}}}");
    Run stale = kubectl("wait", "--for=condition=Ready", "osv/workers", "--timeout=2s");
    assertThat(stale.exit()).as(stale.all()).isNotZero();
    h.startReplica("op2");
    Run current = kubectl("wait", "--for=condition=Ready", "osv/workers", "--timeout=60s");
    assertThat(current.exit()).as(current.all()).isZero();
    var osv = h.osv("workers");
    assertThat(osv.getStatus().observedGeneration())
        .isEqualTo(osv.getMetadata().getGeneration())
        .isEqualTo(2L);
  }

  record Run(int exit, String out, String err) {
    String all() {
      return out + err;
    }
  }

  Process start(String... args) throws IOException {
    List<String> argv =
        new ArrayList<>(List.of(kubectlBinary().toString(), "--kubeconfig", kubeconfig.toString()));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().put("KUBECACHEDIR", dir.resolve("cache").toString());
    return pb.start();
  }

  Run kubectl(String... args) throws Exception {
    Process p = start(args);
    p.getOutputStream().close();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl timed out: " + List.of(args));
    }
    return new Run(
        p.exitValue(),
        new String(p.getInputStream().readAllBytes()),
        new String(p.getErrorStream().readAllBytes()));
  }

  static Path kubectlBinary() {
    List<Path> candidates = new ArrayList<>();
    String env = System.getenv("NESTOS_KUBECTL");
    if (env != null && !env.isBlank()) {
      candidates.add(Path.of(env));
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve(".mvn/maven.version"))) {
      dir = dir.getParent();
    }
    if (dir != null) {
      candidates.add(dir.resolve(".tools/kubectl/kubectl"));
    }
    return candidates.stream()
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "kubectl 1.32 not found (tried "
                        + candidates
                        + "); run scripts/install-tools"));
  }
}
