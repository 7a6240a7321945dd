package org.openeuler.nestos.daemon.update;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.v1alpha1.HealthCheckResult;
import org.openeuler.nestos.daemon.core.update.Desired;
import org.openeuler.nestos.daemon.core.update.UpdateAction;
import org.openeuler.nestos.daemon.core.update.UpdateAction.*;
import org.openeuler.nestos.daemon.core.update.UpdateEvent;
import org.openeuler.nestos.daemon.core.update.UpdateEvent.*;
import org.openeuler.nestos.ostree.core.boot.FailedBootJournal;
import org.openeuler.nestos.ostree.core.gpg.RemoteKeys;
import org.openeuler.nestos.ostree.host.BootCounter;
import org.openeuler.nestos.ostree.host.BootDiagnostics;
import org.openeuler.nestos.ostree.host.OsHost;
import org.openeuler.nestos.ostree.host.RemoteSetup;
import org.openeuler.nestos.ostree.host.UpdateDriverRegisteredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the machine's actions against the host ({@link OsHost}, the {@link HostRecordStore}) and the
 * status sink, one at a time, and turns outcomes into events. Dumb by design: every decision is the
 * machine's. After a reboot or rollback on a real host the process dies; on a fake one the next
 * {@link HostObserved} carries a new boot id.
 */
public final class UpdateExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(UpdateExecutor.class);

  private final OsHost host;
  private final HostRecordStore store;
  private final HealthProbe probe;
  private final StatusSink sink;
  private final Clock clock;
  private final HostPullCredentials credentials;
  private final BootCounter bootCounter;
  private final BootDiagnostics bootDiagnostics;

  public UpdateExecutor(
      OsHost host, HostRecordStore store, HealthProbe probe, StatusSink sink, Clock clock) {
    this(host, store, probe, sink, clock, null);
  }

  public UpdateExecutor(
      OsHost host,
      HostRecordStore store,
      HealthProbe probe,
      StatusSink sink,
      Clock clock,
      HostPullCredentials credentials) {
    this(host, store, probe, sink, clock, credentials, BootCounter.NONE);
  }

  /**
   * @param credentials writes pull Secrets' credentials to the host before staging (null: a Stage
   *     that needs them fails with PullSecretMissing)
   * @param bootCounter the host's boot counting (docs/boot-counting.md; {@link BootCounter#NONE}
   *     without)
   */
  public UpdateExecutor(
      OsHost host,
      HostRecordStore store,
      HealthProbe probe,
      StatusSink sink,
      Clock clock,
      HostPullCredentials credentials,
      BootCounter bootCounter) {
    this(host, store, probe, sink, clock, credentials, bootCounter, BootDiagnostics.NONE);
  }

  /**
   * @param bootDiagnostics reads the journal of a boot GRUB gave up on ({@link
   *     BootDiagnostics#NONE}: not read)
   */
  public UpdateExecutor(
      OsHost host,
      HostRecordStore store,
      HealthProbe probe,
      StatusSink sink,
      Clock clock,
      HostPullCredentials credentials,
      BootCounter bootCounter,
      BootDiagnostics bootDiagnostics) {
    this.host = host;
    this.store = store;
    this.probe = probe;
    this.sink = sink;
    this.clock = clock;
    this.credentials = credentials;
    this.bootCounter = bootCounter == null ? BootCounter.NONE : bootCounter;
    this.bootDiagnostics = bootDiagnostics == null ? BootDiagnostics.NONE : bootDiagnostics;
  }

  /**
   * Runs one action; the event it yields, if any. A failure yields {@link ActionFailed} (the caller
   * stops).
   */
  public Optional<UpdateEvent> execute(UpdateAction action) {
    String name = action.getClass().getSimpleName();
    try {
      return Optional.ofNullable(run(action));
    } catch (UpdateDriverRegisteredException e) {
      LOG.warn("update action {} refused: {}", name, e.getMessage());
      return Optional.of(
          new ActionFailed(name, e.getMessage(), ConditionReason.UPDATE_DRIVER_REGISTERED));
    } catch (HostPullCredentials.PullSecretException e) {
      LOG.warn("update action {} failed: {}", name, e.getMessage());
      return Optional.of(
          new ActionFailed(name, e.getMessage(), ConditionReason.PULL_SECRET_MISSING));
    } catch (Exception e) {
      LOG.warn("update action {} failed: {}", name, e.toString());
      return Optional.of(new ActionFailed(name, String.valueOf(e.getMessage())));
    }
  }

  /**
   * Removes the pull credentials the daemon wrote that {@code spec} does not need (all of them when
   * it names no pull secret); a failure is logged and retried at the next spec.
   */
  public void retainPullCredentials(org.openeuler.nestos.api.v1alpha1.NodeStateSpec spec) {
    if (credentials == null) {
      return;
    }
    Desired.PullAuth keep = Desired.pullAuth(spec);
    try {
      credentials.releaseExcept(keep == null ? null : keep.registry());
    } catch (Exception e) {
      LOG.warn("removing pull credentials no spec needs failed: {}", e.getMessage());
    }
  }

  /** Reads the host (daemon start and local drift checks). */
  public HostObserved observe() {
    return new HostObserved(host.status(), host.bootId(), bootEnv(), kernelCommandLine());
  }

  /**
   * The boot loader's environment block; empty when it cannot be read (logged: the machine then
   * sees no fallback, and a reboot that did not land reads as the failure it is).
   */
  private java.util.Map<String, String> bootEnv() {
    try {
      return bootCounter.read();
    } catch (RuntimeException e) {
      LOG.warn("reading the boot loader environment failed: {}", e.getMessage());
      return java.util.Map.of();
    }
  }

  /**
   * Daemon start: loads the host record and observes the host. A record that cannot be read is
   * handed to the machine as a problem (it halts OS updates and says why), never thrown: a throw
   * here was a crash at every start, with the live appliers down too.
   */
  public Restarted restart() {
    try {
      return new Restarted(
          store.load().orElse(null),
          host.status(),
          host.bootId(),
          null,
          bootEnv(),
          kernelCommandLine());
    } catch (java.io.IOException e) {
      LOG.error("OS updates halted: {}", e.getMessage());
      return new Restarted(
          null, host.status(), host.bootId(), e.getMessage(), bootEnv(), kernelCommandLine());
    }
  }

  /** The running kernel's arguments; null when unreadable (logged: the boot entry stands in). */
  private java.util.List<String> kernelCommandLine() {
    try {
      return host.kernelCommandLine();
    } catch (RuntimeException e) {
      LOG.warn("reading /proc/cmdline failed, the boot entry stands in: {}", e.getMessage());
      return null;
    }
  }

  /**
   * Configures the verifying remote before staging; a failure stops the Stage (nothing staged,
   * ApplyFailed).
   */
  private void ensureRemote(RemoteKeys remote) {
    RemoteSetup setup;
    try {
      setup = host.ensureRemote(remote.remote(), remote.keys());
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "configuring ostree remote \""
              + remote.remote()
              + "\" with "
              + remote.keys().size()
              + " GPG key(s) failed: "
              + e.getMessage(),
          e);
    }
    if (setup == RemoteSetup.ADMIN_OWNED) {
      LOG.info(
          "ostree remote {} already configured on the host: left as it is, its own keys verify the image",
          remote.remote());
    } else {
      LOG.info("ostree remote {}: {} ({} key(s))", remote.remote(), setup, remote.keys().size());
    }
  }

  /** The failed boot's journal excerpt; whatever goes wrong is the text, never a failure. */
  private String failedBoot(CollectBootDiagnostics c) {
    try {
      String text = bootDiagnostics.failedBoot(c.updateBootId(), c.currentBootId());
      LOG.info("GRUB fell back: {}", text);
      return text;
    } catch (RuntimeException e) {
      LOG.warn("reading the failed boot's journal failed: {}", e.toString());
      return FailedBootJournal.none("reading the journal failed: " + e.getMessage());
    }
  }

  private UpdateEvent run(UpdateAction action) throws Exception {
    if (action instanceof Stage st) {
      if (st.remoteKeys() != null) {
        ensureRemote(st.remoteKeys());
      }
      if (st.pullAuth() != null) {
        if (credentials == null) {
          throw new HostPullCredentials.PullSecretException(
              "pull secret "
                  + st.pullAuth().secretName()
                  + " cannot be read: the daemon has no namespace (POD_NAMESPACE)");
        }
        credentials.ensure(st.pullAuth().registry(), st.pullAuth().secretName());
      }
      host.stage(st.imageReference(), st.kernelArguments());
      return observe();
    } else if (action instanceof ClaimTicket c) {
      return sink.claimTicket(c.ticket(), c.resourceVersion())
          ? new TicketAccepted(c.ticket())
          : new TicketClaimConflict(c.ticket());
    } else if (action instanceof RecordIntent r) {
      store.save(r.record());
      return null;
    } else if (action instanceof Pin p) {
      host.pin(p.checksum());
      return null;
    } else if (action instanceof FinalizeAndReboot f) {
      host.finalizeAndReboot(f.checksum());
      return observe();
    } else if (action instanceof Rollback) {
      host.rollback();
      return observe();
    } else if (action instanceof ArmBootCounter a) {
      bootCounter.arm(a.attempts());
      return null;
    } else if (action instanceof MarkBootGood) {
      bootCounter.markSuccess();
      return null;
    } else if (action instanceof DisarmBootCounter) {
      bootCounter.disarm();
      return null;
    } else if (action instanceof MakeBootedDefault) {
      host.makeBootedDefault();
      return null;
    } else if (action instanceof CollectBootDiagnostics c) {
      return new BootDiagnosed(failedBoot(c));
    } else if (action instanceof RunHealthChecks h) {
      List<HealthCheckResult> results = probe.check(h.checks());
      boolean pass = results.stream().allMatch(x -> x.result() == HealthCheckResult.Result.Passing);
      return new HealthResult(pass, clock.instant(), results);
    } else if (action instanceof ReportStatus r) {
      try {
        sink.report(r.status());
      } catch (Exception e) {
        // best effort: a failed status write must not stop a reboot that is already recorded
        LOG.warn("status report failed: {}", e.toString());
      }
      return null;
    } else if (action instanceof Cleanup) {
      host.cleanup();
      return observe();
    }
    throw new IllegalArgumentException("unknown action " + action);
  }
}
