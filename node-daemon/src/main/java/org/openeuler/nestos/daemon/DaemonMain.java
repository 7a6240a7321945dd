package org.openeuler.nestos.daemon;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.openeuler.nestos.daemon.agent.CheckerProbe;
import org.openeuler.nestos.daemon.agent.DaemonMetrics;
import org.openeuler.nestos.daemon.agent.NodeAgent;
import org.openeuler.nestos.daemon.agent.OpsServer;
import org.openeuler.nestos.daemon.health.HealthChecker;
import org.openeuler.nestos.daemon.host.HostFs;
import org.openeuler.nestos.daemon.host.RootedHostFs;
import org.openeuler.nestos.daemon.kube.KubeEndpoint;
import org.openeuler.nestos.daemon.kube.NodeApi;
import org.openeuler.nestos.daemon.update.HostPullCredentials;
import org.openeuler.nestos.ostree.host.BootCounter;
import org.openeuler.nestos.ostree.host.BootDiagnostics;
import org.openeuler.nestos.ostree.host.GrubEnvBootCounter;
import org.openeuler.nestos.ostree.host.HostNamespace;
import org.openeuler.nestos.ostree.host.JournalBootDiagnostics;
import org.openeuler.nestos.ostree.host.OsHost;
import org.openeuler.nestos.ostree.host.ProcessCommandRunner;
import org.openeuler.nestos.ostree.host.RpmOstreeHost;
import org.openeuler.nestos.ostree.image.RegistryImageSource;
import org.openeuler.nestos.ostree.registry.RegistryOptions;
import org.openeuler.nestos.ostree.sysroot.OstreeSysrootHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node daemon process. Configuration from flags ({@code --name=value}) or the environment:
 *
 * <pre>
 *   NODE_NAME / --node              this node (downward API), required
 *   NESTOS_HOST_ROOT / --host-root  where the host's / is mounted (default /host)
 *   NESTOS_COMMAND_MODE / --command-mode   nsenter | chroot | none (default nsenter)
 *   NESTOS_OS_BACKEND / --os-backend       rpm-ostree | ostree-sysroot | none (default rpm-ostree; none: live config only)
 *   NESTOS_SYSROOT / --sysroot      the sysroot for ostree-sysroot (default /sysroot under the host root)
 *   NESTOS_METRICS_PORT / --metrics-port   /metrics, /healthz, /readyz (default 9464; 0 picks one)
 *   POD_NAMESPACE / --namespace     the daemon's (and operator's) namespace (downward API): its pods
 *                                   are never offline, like kube-system's; pull Secrets are read
 *                                   from it; optional
 *   NESTOS_BYPASS_UPDATE_DRIVER / --bypass-update-driver   true: rebase with rpm-ostree's
 *                                   --bypass-driver while Zincati is registered (default false:
 *                                   report UpdateDriverRegistered; docs/private-registries.md)
 *   NESTOS_BOOT_ATTEMPTS / --boot-attempts   boots GRUB gives a new deployment before it falls back
 *                                   to the previous one (1..99; default 0: no boot counting;
 *                                   docs/boot-counting.md)
 *   NESTOS_GRUBENV / --grubenv     the host's GRUB environment block (default
 *                                   /boot/grub2/grubenv), edited with the host's grub2-editenv
 *   KUBECONFIG, in-cluster service account otherwise (fabric8 auto-configuration)
 * </pre>
 *
 * SIGTERM stops the watches and loops (a shutdown hook); a fatal error in the update loop exits
 * with 1 so that the DaemonSet restarts the daemon, which recovers from the host record.
 */
public final class DaemonMain {

  private static final Logger LOG = LoggerFactory.getLogger(DaemonMain.class);

  /** Parsed configuration. */
  public record Settings(
      String node,
      Path hostRoot,
      HostNamespace.Mode commandMode,
      String osBackend,
      Path sysroot,
      int metricsPort,
      String podNamespace,
      boolean bypassUpdateDriver,
      int bootAttempts,
      String grubenv) {

    public static Settings parse(String[] args, Map<String, String> env) {
      Map<String, String> flags = new HashMap<>();
      for (String a : args) {
        if (!a.startsWith("--") || !a.contains("=")) {
          throw new IllegalArgumentException("flags are --name=value, got " + a);
        }
        flags.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
      }
      String node = pick(flags, env, "node", "NODE_NAME", null);
      if (node == null || node.isBlank()) {
        throw new IllegalArgumentException("NODE_NAME (or --node) is required");
      }
      Path root = Path.of(pick(flags, env, "host-root", "NESTOS_HOST_ROOT", "/host"));
      HostNamespace.Mode mode =
          HostNamespace.Mode.valueOf(
              pick(flags, env, "command-mode", "NESTOS_COMMAND_MODE", "nsenter")
                  .toUpperCase(Locale.ROOT));
      String backend = pick(flags, env, "os-backend", "NESTOS_OS_BACKEND", "rpm-ostree");
      if (!backend.equals("rpm-ostree")
          && !backend.equals("ostree-sysroot")
          && !backend.equals("none")) {
        throw new IllegalArgumentException(
            "--os-backend is rpm-ostree, ostree-sysroot or none, got " + backend);
      }
      Path sysroot =
          Path.of(
              pick(flags, env, "sysroot", "NESTOS_SYSROOT", root.resolve("sysroot").toString()));
      int port = Integer.parseInt(pick(flags, env, "metrics-port", "NESTOS_METRICS_PORT", "9464"));
      String namespace = pick(flags, env, "namespace", "POD_NAMESPACE", null);
      String bypass =
          pick(flags, env, "bypass-update-driver", "NESTOS_BYPASS_UPDATE_DRIVER", "false");
      if (!bypass.equals("true") && !bypass.equals("false")) {
        throw new IllegalArgumentException(
            "--bypass-update-driver is true or false, got " + bypass);
      }
      String attempts = pick(flags, env, "boot-attempts", "NESTOS_BOOT_ATTEMPTS", "0");
      int bootAttempts;
      try {
        bootAttempts = Integer.parseInt(attempts);
      } catch (NumberFormatException e) {
        bootAttempts = -1;
      }
      if (bootAttempts < 0 || bootAttempts > 99) {
        throw new IllegalArgumentException(
            "--boot-attempts is 0 (no boot counting) to 99, got " + attempts);
      }
      String grubenv =
          pick(flags, env, "grubenv", "NESTOS_GRUBENV", GrubEnvBootCounter.NESTOS_GRUBENV);
      return new Settings(
          node,
          root,
          mode,
          backend,
          sysroot,
          port,
          namespace,
          Boolean.parseBoolean(bypass),
          bootAttempts,
          grubenv);
    }

    private static String pick(
        Map<String, String> flags, Map<String, String> env, String flag, String var, String dflt) {
      String v = flags.get(flag);
      if (v == null) {
        v = env.get(var);
      }
      return v == null || v.isEmpty() ? dflt : v;
    }

    HostNamespace namespace() {
      return switch (commandMode) {
        case NSENTER -> HostNamespace.NSENTER;
        case CHROOT -> HostNamespace.chroot(hostRoot.toString());
        case NONE -> HostNamespace.NONE;
      };
    }
  }

  private DaemonMain() {}

  public static void main(String[] args) throws Exception {
    Settings s = Settings.parse(args, System.getenv());
    // the lean client (docs/decisions.md §20): in a pod the service
    // account's CA and rotating token; NESTOS_API_SERVER outside one
    NodeApi client =
        new NodeApi(
            KubeEndpoint.fromEnvironment(
                System.getenv(),
                KubeEndpoint.SERVICE_ACCOUNT,
                "nestos-node-daemon/" + NodeAgent.AGENT_VERSION));
    ProcessCommandRunner runner = new ProcessCommandRunner(s.namespace());
    HostFs fs = new RootedHostFs(s.hostRoot());
    OsHost os =
        switch (s.osBackend()) {
          case "rpm-ostree" -> new RpmOstreeHost(runner, s.bypassUpdateDriver());
          case "ostree-sysroot" ->
              // credentials from the host's auth file, where the daemon writes pull secrets
              new OstreeSysrootHost(
                  s.sysroot(),
                  runner,
                  RegistryImageSource.factory(
                      RegistryOptions.defaults(),
                      s.hostRoot().resolve(HostPullCredentials.AUTH_FILE.substring(1))));
          default -> null;
        };
    DaemonMetrics metrics = new DaemonMetrics(s.node());
    NodeAgent[] holder = new NodeAgent[1];
    CheckerProbe probe =
        new CheckerProbe(
            new HealthChecker(
                runner,
                CheckerProbe.readiness(
                    () -> holder[0] == null ? java.util.List.of() : holder[0].pods()),
                Clock.systemUTC()));
    NodeAgent agent =
        new NodeAgent(
            client,
            s.node(),
            new NodeAgent.Host(
                os,
                fs,
                probe,
                // boot counting: the host's grub2-editenv on its environment block
                s.bootAttempts() > 0 && os != null
                    ? new GrubEnvBootCounter(runner, "grub2-editenv", s.grubenv())
                    : BootCounter.NONE,
                os == null ? 0 : s.bootAttempts(),
                // the journal of a boot GRUB gave up on: the host's journalctl
                s.bootAttempts() > 0 && os != null
                    ? new JournalBootDiagnostics(runner)
                    : BootDiagnostics.NONE),
            metrics,
            NodeAgent.Options.defaults(
                    () -> {
                      LOG.error(
                          "node={} fatal error: exiting so the DaemonSet restarts the daemon",
                          s.node());
                      Runtime.getRuntime().halt(1);
                    })
                .withNamespace(s.podNamespace()));
    holder[0] = agent;
    OpsServer ops =
        new OpsServer(s.metricsPort(), metrics::scrape, () -> !agent.crashed(), agent::synced);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("node={} SIGTERM: stopping", s.node());
                  agent.close();
                  ops.close();
                  client.close();
                  stopped.countDown();
                },
                "nestos-shutdown"));
    agent.start();
    LOG.info(
        "node={} daemon up: host root {}, commands {}, OS backend {}, ops port {}",
        s.node(),
        s.hostRoot(),
        s.commandMode(),
        s.osBackend(),
        ops.port());
    stopped.await();
  }
}
