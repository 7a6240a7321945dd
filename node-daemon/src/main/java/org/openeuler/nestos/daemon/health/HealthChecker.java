package org.openeuler.nestos.daemon.health;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.openeuler.nestos.api.v1alpha1.HealthCheck;
import org.openeuler.nestos.ostree.host.Command;
import org.openeuler.nestos.ostree.host.CommandResult;
import org.openeuler.nestos.ostree.host.CommandRunner;

/**
 * Runs the health checks of an OSVersion's {@code healthGate} on this node: {@code HTTPGet}
 * (2xx/3xx passes, as kube probes), {@code Exec} (argv in the host namespaces through the {@link
 * CommandRunner}, exit 0 passes — never a shell), {@code SystemdUnit} ({@code systemctl is-active
 * <unit>} prints {@code active}) and {@code PodsReady} (every matching pod on this node Ready, at
 * least one). A check never throws: failures are outcomes.
 */
public final class HealthChecker {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final CommandRunner host;
  private final PodReadiness pods;
  private final Clock clock;
  // made at the first HTTPGet check: most nodes have none, and a client costs a selector thread
  private HttpClient http;

  public HealthChecker(CommandRunner host, PodReadiness pods, Clock clock) {
    this.host = host;
    this.pods = pods;
    this.clock = clock;
  }

  private synchronized HttpClient http() {
    if (http == null) {
      http =
          HttpClient.newBuilder()
              .followRedirects(HttpClient.Redirect.NEVER)
              .connectTimeout(DEFAULT_TIMEOUT)
              .build();
    }
    return http;
  }

  public List<HealthOutcome> runAll(List<HealthCheck> checks) {
    return checks.stream().map(this::run).toList();
  }

  public HealthOutcome run(HealthCheck check) {
    Instant start = clock.instant();
    Duration timeout =
        check.timeoutSeconds() == null
            ? DEFAULT_TIMEOUT
            : Duration.ofSeconds(check.timeoutSeconds());
    Verdict verdict;
    try {
      verdict =
          switch (check.type()) {
            case HTTPGet -> httpGet(check.httpGet().url(), timeout);
            case Exec -> exec(check.exec().command(), timeout);
            case SystemdUnit -> systemdUnit(check.systemdUnit().unit(), timeout);
            case PodsReady -> podsReady(check);
          };
    } catch (RuntimeException e) {
      verdict = new Verdict(false, "check could not run: " + e);
    }
    return new HealthOutcome(
        check.name(),
        verdict.passing(),
        withoutCredentials(verdict.message()),
        Duration.between(start, clock.instant()));
  }

  private record Verdict(boolean passing, String message) {}

  private static final java.util.regex.Pattern USERINFO =
      java.util.regex.Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/?#@]*@");

  /**
   * {@code message} with the userinfo ({@code user:password@}) of every URL removed: outcomes go
   * into NodeState status and events. Admission refuses such URLs; this covers objects admitted
   * before (issue 11, item 6).
   */
  static String withoutCredentials(String message) {
    return message == null ? null : USERINFO.matcher(message).replaceAll("$1");
  }

  private Verdict httpGet(String url, Duration timeout) {
    try {
      HttpResponse<Void> response =
          http()
              .send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
                  HttpResponse.BodyHandlers.discarding());
      int code = response.statusCode();
      return new Verdict(code >= 200 && code < 400, "GET " + url + " -> " + code);
    } catch (IOException e) {
      return new Verdict(false, "GET " + url + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Verdict(false, "GET " + url + " interrupted");
    }
  }

  private Verdict exec(List<String> argv, Duration timeout) {
    CommandResult result = host.run(Command.of(argv).withTimeout(timeout));
    String tail = (result.stderr().isBlank() ? result.stdout() : result.stderr()).strip();
    tail = tail.length() > 200 ? tail.substring(tail.length() - 200) : tail;
    return new Verdict(
        result.ok(),
        String.join(" ", argv)
            + " exited "
            + result.exitCode()
            + (tail.isEmpty() ? "" : ": " + tail));
  }

  private Verdict systemdUnit(String unit, Duration timeout) {
    CommandResult result =
        host.run(Command.of("systemctl", "is-active", unit).withTimeout(timeout));
    String state = result.stdout().strip();
    return new Verdict(
        "active".equals(state), "unit " + unit + " is " + (state.isEmpty() ? "unknown" : state));
  }

  private Verdict podsReady(HealthCheck check) {
    PodReadiness.Counts counts =
        pods.count(check.podsReady().namespace(), check.podsReady().selector());
    boolean ok = counts.total() > 0 && counts.ready() == counts.total();
    return new Verdict(
        ok, counts.ready() + "/" + counts.total() + " matching pods on this node are Ready");
  }
}
