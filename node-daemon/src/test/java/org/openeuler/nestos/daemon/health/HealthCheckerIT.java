package org.openeuler.nestos.daemon.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.ExecCheck;
import org.openeuler.nestos.api.v1alpha1.HealthCheck;
import org.openeuler.nestos.api.v1alpha1.HttpGetCheck;
import org.openeuler.nestos.api.v1alpha1.PodsReadyCheck;
import org.openeuler.nestos.api.v1alpha1.SystemdUnitCheck;
import org.openeuler.nestos.ostree.host.HostNamespace;
import org.openeuler.nestos.ostree.host.ProcessCommandRunner;
import org.openeuler.nestos.ostree.testing.RecordingCommandRunner;

/**
 * Health checks against real processes and a real local HTTP server; systemd through exact argv.
 */
class HealthCheckerIT {

  HttpServer server;
  String base;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/ok",
        ex -> {
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    server.createContext(
        "/broken",
        ex -> {
          ex.sendResponseHeaders(500, -1);
          ex.close();
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  static HealthCheck http(String url) {
    return new HealthCheck(
        "http", HealthCheck.Type.HTTPGet, 1, new HttpGetCheck(url), null, null, null);
  }

  static HealthCheck exec(Integer timeout, String... argv) {
    return new HealthCheck(
        "exec", HealthCheck.Type.Exec, timeout, null, new ExecCheck(List.of(argv)), null, null);
  }

  HealthChecker checker(PodReadiness pods) {
    return new HealthChecker(new ProcessCommandRunner(HostNamespace.NONE), pods, Clock.systemUTC());
  }

  @Test
  void httpGetPassesOn2xxAndFailsOn5xxOrNoListener() {
    HealthChecker checker = checker((ns, sel) -> new PodReadiness.Counts(0, 0));
    assertThat(checker.run(http(base + "/ok")).passing()).isTrue();
    HealthOutcome broken = checker.run(http(base + "/broken"));
    assertThat(broken.passing()).isFalse();
    assertThat(broken.message()).contains("500");
    assertThat(checker.run(http("http://127.0.0.1:1/none")).passing()).isFalse();
  }

  @Test
  void execRunsAnArgvWithoutAShellAndHonoursItsTimeout() {
    HealthChecker checker = checker((ns, sel) -> new PodReadiness.Counts(0, 0));
    assertThat(checker.run(exec(null, "/bin/true")).passing()).isTrue();
    assertThat(checker.run(exec(null, "/bin/sh", "-c", "exit 3")).message()).contains("exited 3");
    HealthOutcome literal = checker.run(exec(null, "/bin/echo", "$(reboot)"));
    assertThat(literal.passing()).isTrue();
    HealthOutcome slow = checker.run(exec(1, "/bin/sleep", "5"));
    assertThat(slow.passing()).isFalse();
    assertThat(slow.took().toMillis()).isLessThan(4_000);
  }

  @Test
  void systemdUnitAsksSystemctlIsActive() {
    RecordingCommandRunner systemd =
        new RecordingCommandRunner()
            .on(
                List.of("systemctl", "is-active", "kubelet.service"),
                RecordingCommandRunner.Reply.ok("active\n"))
            .on(
                List.of("systemctl", "is-active", "crio.service"),
                new RecordingCommandRunner.Reply(3, "failed\n", ""));
    HealthChecker checker =
        new HealthChecker(systemd, (ns, sel) -> new PodReadiness.Counts(0, 0), Clock.systemUTC());
    assertThat(
            checker
                .run(
                    new HealthCheck(
                        "kubelet",
                        HealthCheck.Type.SystemdUnit,
                        null,
                        null,
                        null,
                        new SystemdUnitCheck("kubelet.service"),
                        null))
                .passing())
        .isTrue();
    HealthOutcome crio =
        checker.run(
            new HealthCheck(
                "crio",
                HealthCheck.Type.SystemdUnit,
                null,
                null,
                null,
                new SystemdUnitCheck("crio.service"),
                null));
    assertThat(crio.passing()).isFalse();
    assertThat(crio.message()).contains("failed");
  }

  @Test
  void podsReadyNeedsAtLeastOneMatchingPodAndAllReady() {
    HealthCheck check =
        new HealthCheck(
            "pods",
            HealthCheck.Type.PodsReady,
            null,
            null,
            null,
            null,
            new PodsReadyCheck("kube-system", null));
    assertThat(checker((ns, sel) -> new PodReadiness.Counts(3, 3)).run(check).passing()).isTrue();
    assertThat(checker((ns, sel) -> new PodReadiness.Counts(3, 2)).run(check).message())
        .contains("2/3");
    assertThat(checker((ns, sel) -> new PodReadiness.Counts(0, 0)).run(check).passing()).isFalse();
  }
}
