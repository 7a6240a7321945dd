package org.openeuler.nestos.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.NodeState;
import org.openeuler.nestos.api.v1alpha1.OSVersion;
import org.openeuler.nestos.apiserver.TestApiServer;
import org.openeuler.nestos.apiserver.replay.Exchange;
import org.openeuler.nestos.apiserver.replay.Recording;
import org.openeuler.nestos.apiserver.replay.ReplayDiff;
import org.openeuler.nestos.apiserver.replay.Replayer;
import org.openeuler.nestos.controlplane.RealControlPlane;

/**
 * Keeps the stand-in (e2e/apiserver) honest: the requests of a real operator scenario (the whole
 * operator rolling 3 nodes out with maxUnavailable 1, simulated daemons, Lease leader election)
 * plus hand-written ones ({@link HandWrittenRequests}) are recorded on a stand-in, then replayed in
 * order to a fresh stand-in (which must answer exactly as recorded) and to the real kube-apiserver
 * ({@link RealControlPlane#shared()}). Status codes and bodies are compared modulo volatile fields;
 * every difference must be explained in {@link StandInDivergences} (docs/standin-divergences.md).
 */
class StandInReplayKubeIT {

  static final Duration WAIT = Duration.ofSeconds(40);
  static final Pattern NAMESPACE = Pattern.compile("/namespaces/([^/?]+)/");

  @Test
  void theStandInAnswersTheOperatorsRequestsAsTheRealApiserverDoes() throws Exception {
    long t0 = System.nanoTime();
    Recording recording = record();
    recording.write(Path.of("target", "replay", "recording.jsonl"));
    List<Exchange> steps = recording.exchanges();
    long recorded = System.nanoTime();
    System.out.printf(
        "recorded %d requests (%d watches) in %d ms%n",
        steps.size(), steps.stream().filter(Exchange::isWatch).count(), ms(recorded - t0));

    // 1. a fresh stand-in answers exactly as recorded
    ReplayDiff fresh;
    long s0 = System.nanoTime();
    try (TestApiServer server = TestApiServer.start();
        KubernetesClient client =
            new KubernetesClientBuilder().withConfig(noRetries(server.clientConfig())).build()) {
      System.out.printf("fresh stand-in started in %d ms%n", ms(System.nanoTime() - s0));
      fresh = replay(client, steps, "stand-in");
    }
    assertThat(fresh.differences())
        .as("a fresh stand-in must reproduce the recording:\n%s", table(fresh))
        .isEmpty();
    assertThat(fresh.messages()).isEmpty();

    // 2. the real kube-apiserver: every difference is a known, documented divergence
    RealControlPlane cp = RealControlPlane.shared();
    ReplayDiff real;
    try (KubernetesClient client =
        new KubernetesClientBuilder().withConfig(noRetries(cp.adminConfig())).build()) {
      real = replay(client, steps, "real");
      cleanUp(client);
    }
    System.out.printf(
        "stand-in vs real kube-apiserver: %d steps, %d differences, %d message wordings,"
            + " %d foreign list items skipped%n%s",
        real.steps(),
        real.differences().size(),
        real.messages().size(),
        real.foreignItems(),
        table(real));
    System.out.println("Status messages worded differently (not divergences):");
    new TreeSet<>(
            real.messages().stream()
                .map(
                    m ->
                        m.request()
                            + ": stand-in \""
                            + m.recorded()
                            + "\" / real \""
                            + m.replayed()
                            + "\"")
                .toList())
        .forEach(m -> System.out.println("  " + m));
    List<ReplayDiff.Difference> unexplained =
        real.differences().stream()
            .filter(d -> StandInDivergences.ALLOWED.stream().noneMatch(a -> a.covers(d)))
            .toList();
    assertThat(unexplained)
        .as(
            "divergences between the stand-in and the real kube-apiserver not listed in"
                + " StandInDivergences and docs/standin-divergences.md")
        .isEmpty();
    System.out.printf("replay test total %d ms%n", ms(System.nanoTime() - t0));
  }

  /** The operator scenario and the hand-written requests, on a recording stand-in. */
  private static Recording record() {
    Recording recording = new Recording();
    try (RuntimeHarness h = new RuntimeHarness(TestApiServer.recording(recording))) {
      h.startReplica("op");
      RuntimeHarness.await(WAIT, "op leads", () -> "op".equals(h.leaseHolder()));
      for (int i = 0; i < 3; i++) {
        h.node("replay-n" + i, Map.of("replay-pool", "workers"));
      }
      RuntimeHarness.await(WAIT, "daemons booted", () -> h.bootedNodes() == 3);
      h.osVersion("replay-workers", "replay-pool", "workers", "{\"maxUnavailable\":1}");
      h.awaitOrDump(
          WAIT,
          "rollout complete",
          () -> {
            OSVersion o = h.osv("replay-workers");
            return h.condition("replay-workers", "Ready").equals("True/RolloutComplete")
                && o.getStatus().updatedNodes() == 3;
          });
      assertThat(h.maxUnavailable.get()).isEqualTo(1);
      h.stop("op");
      new HandWrittenRequests(h.backend.standIn().orElseThrow()).run(recording);
    }
    return recording;
  }

  private static ReplayDiff replay(KubernetesClient client, List<Exchange> steps, String target)
      throws java.io.IOException {
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    Map<String, String> namespaces = new LinkedHashMap<>();
    for (Exchange e : steps) {
      Matcher m = NAMESPACE.matcher(e.path() + "/");
      // "default" stays: Events about cluster-scoped objects must live there on a real server
      if (m.find() && !m.group(1).equals("default")) {
        namespaces.putIfAbsent(m.group(1), m.group(1) + "-" + suffix);
      }
    }
    for (String ns : namespaces.values()) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    if (target.equals("real")
        && client.leases().inNamespace("default").withName(RuntimeHarness.LEASE).get() != null) {
      System.out.println(
          "deleting a Lease default/" + RuntimeHarness.LEASE + " left by another test");
      client.leases().inNamespace("default").withName(RuntimeHarness.LEASE).delete();
    }
    if (target.equals("real")) {
      // pods need their namespace's default ServiceAccount (the real serviceaccount controller)
      for (String ns : namespaces.values()) {
        RuntimeHarness.await(
            WAIT,
            "ServiceAccount default in " + ns,
            () -> client.serviceAccounts().inNamespace(ns).withName("default").get() != null);
      }
    }
    Map<String, KubernetesClient> byAgent = new HashMap<>();
    Replayer replayer =
        new Replayer(
            agent ->
                byAgent
                    .computeIfAbsent(
                        agent == null ? "" : agent,
                        a ->
                            new KubernetesClientBuilder()
                                .withConfig(
                                    new ConfigBuilder(client.getConfiguration())
                                        .withUserAgent(a.isEmpty() ? null : a)
                                        .build())
                                .build())
                    .getHttpClient(),
            client.getConfiguration().getMasterUrl(),
            namespaces);
    long t0 = System.nanoTime();
    List<Replayer.Replayed> replayed;
    try {
      replayed = replayer.replay(steps);
    } finally {
      byAgent.values().forEach(KubernetesClient::close);
    }
    long nanos = System.nanoTime() - t0;
    dump(replayed, Path.of("target", "replay", target + ".jsonl"));
    long requestNanos =
        replayed.stream()
            .filter(r -> !r.recorded().isWatch())
            .mapToLong(Replayer.Replayed::nanos)
            .sum();
    long requests = replayed.stream().filter(r -> !r.recorded().isWatch()).count();
    System.out.printf(
        "replayed %d steps to the %s server in %d ms (mean %.2f ms per non-watch request)%n",
        replayed.size(), target, ms(nanos), requestNanos / 1e6 / Math.max(1, requests));
    replayed.stream()
        .sorted(java.util.Comparator.comparingLong(Replayer.Replayed::nanos).reversed())
        .limit(3)
        .forEach(
            r ->
                System.out.printf(
                    "  slowest: step %d %s %s %d ms%n",
                    r.recorded().seq(), r.recorded().method(), r.sentUri(), ms(r.nanos())));
    if (target.equals("real")) {
      namespaces.values().forEach(ns -> client.namespaces().withName(ns).delete());
    }
    return replayer.diff(replayed);
  }

  /** What the server answered, step by step, for reading a failure. */
  private static void dump(List<Replayer.Replayed> replayed, Path file) throws java.io.IOException {
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    StringBuilder out = new StringBuilder();
    for (Replayer.Replayed r : replayed) {
      var line = mapper.createObjectNode();
      line.put("seq", r.recorded().seq()).put("request", ReplayDiff.requestKey(r.recorded()));
      line.put("uri", r.sentUri()).put("sentBody", r.sentBody()).put("status", r.status());
      line.set("body", r.body());
      if (r.events() != null) {
        line.set("events", mapper.valueToTree(r.events()));
      }
      out.append(mapper.writeValueAsString(line)).append('\n');
    }
    java.nio.file.Files.createDirectories(file.getParent());
    java.nio.file.Files.writeString(file, out);
  }

  private static void cleanUp(KubernetesClient client) {
    client.resources(OSVersion.class).withName("replay-workers").delete();
    client.resources(OSVersion.class).withName("replay-hand").delete();
    client.leases().inNamespace("default").withName(RuntimeHarness.LEASE).delete();
    client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(ev -> ev.getInvolvedObject().getName().startsWith("replay-"))
        .forEach(ev -> client.v1().events().resource(ev).delete());
    for (int i = 0; i < 3; i++) {
      client.resources(NodeState.class).withName("replay-n" + i).delete();
      client.nodes().withName("replay-n" + i).delete();
    }
  }

  private static Config noRetries(Config config) {
    return new ConfigBuilder(config).withRequestRetryBackoffLimit(0).build();
  }

  private static String table(ReplayDiff diff) {
    return ReplayDiff.table(diff.differences(), StandInDivergences.ALLOWED);
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
