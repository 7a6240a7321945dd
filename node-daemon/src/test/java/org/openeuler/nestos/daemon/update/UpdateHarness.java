package org.openeuler.nestos.daemon.update;

import static org.openeuler.nestos.daemon.core.update.Specs.*;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.HealthCheckResult;
import org.openeuler.nestos.api.v1alpha1.HealthGate;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.api.v1alpha1.NodeStateStatus;
import org.openeuler.nestos.daemon.core.update.HostRecord;
import org.openeuler.nestos.daemon.core.update.Specs;
import org.openeuler.nestos.daemon.core.update.UpdateAction;
import org.openeuler.nestos.daemon.core.update.UpdateEvent;
import org.openeuler.nestos.daemon.core.update.UpdateMachine;
import org.openeuler.nestos.daemon.core.update.UpdatePhase;
import org.openeuler.nestos.daemon.core.update.UpdateState;
import org.openeuler.nestos.daemon.host.FakeHostFs;
import org.openeuler.nestos.ostree.core.kargs.KernelArgumentEdit;
import org.openeuler.nestos.ostree.core.status.OsStatus;
import org.openeuler.nestos.ostree.host.BootDiagnostics;
import org.openeuler.nestos.ostree.host.OsHost;
import org.openeuler.nestos.ostree.host.RemoteSetup;
import org.openeuler.nestos.ostree.host.SimulatedBootLoader;
import org.openeuler.nestos.ostree.testing.InMemoryOsHost;

/**
 * A daemon on a {@link InMemoryOsHost} + {@link FakeHostFs}, a simulated operator that grants
 * {@code Stage} then a {@code Reboot} ticket for the bootID it sees, a fake health probe and clock,
 * and crash injection: the daemon can be killed before any action and restarted from the host
 * record.
 */
final class UpdateHarness {

  /** Thrown by the step listener to kill the daemon before an action runs. */
  static final class Crash extends RuntimeException {
    Crash() {
      super("crash", null, false, false);
    }
  }

  final InMemoryOsHost fake;
  final FakeHostFs fs = new FakeHostFs();
  final HostRecordStore store = new HostRecordStore(fs);
  final MutableClock clock = new MutableClock();
  final List<NodeStateStatus> reports = new ArrayList<>();
  final List<String> trace = new ArrayList<>();

  /** The simple name of every action the daemon started, in order, across restarts. */
  final List<String> actions = new ArrayList<>();

  /** Reboots issued per revision (from the host record at the time of the call). */
  final Map<String, int[]> rebootsByRevision = new HashMap<>();

  /**
   * Boots GRUB gives a new deployment (0: no boot counting); the environment block it counts in.
   */
  int bootAttempts;

  /** The host's boot loader, whose environment block the daemon arms, marks and clears. */
  final SimulatedBootLoader bootLoader;

  /** What reads the journal of a boot GRUB gave up on (tests replace it). */
  BootDiagnostics bootDiagnostics = BootDiagnostics.NONE;

  /** Boots of the new deployment that hung. */
  int hungBoots() {
    return fake.hungBoots();
  }

  boolean healthy = true;
  boolean claimConflicts;

  /** NodeState reads after a lost ticket claim; what the next one does first (null: nothing). */
  int rereads;

  Runnable onReread;

  /** Phase changes the agent reported, e.g. {@code STAGING->STAGED}. */
  final List<String> phaseChanges = new ArrayList<>();

  boolean hideRollback;
  HealthGate.FailureAction failureAction = HealthGate.FailureAction.RollbackNode;
  String revision = "r1";
  String image = NEW;
  org.openeuler.nestos.api.v1alpha1.ImagePolicy policy;
  NodeStateSpec spec;
  int actionsRun;
  int crashBefore = -1;
  int restarts;
  UpdateAgent agent;
  String grantedBootId;

  final OsHost host =
      new OsHost() {
        @Override
        public OsStatus status() {
          OsStatus s = fake.status();
          return hideRollback
              ? new OsStatus(
                  s.deployments().stream().filter(d -> d.booted() || d.staged()).toList())
              : s;
        }

        @Override
        public String bootId() {
          return fake.bootId();
        }

        @Override
        public List<String> kernelCommandLine() {
          return fake.kernelCommandLine();
        }

        @Override
        public OsStatus stage(String ref, KernelArgumentEdit edit) {
          return fake.stage(ref, edit);
        }

        @Override
        public RemoteSetup ensureRemote(String name, List<String> keys) {
          return fake.ensureRemote(name, keys);
        }

        @Override
        public void finalizeAndReboot(String checksum) {
          count(0);
          fake.finalizeAndReboot(checksum);
        }

        @Override
        public void rollback() {
          if (hideRollback) {
            throw new IllegalStateException("RollbackUnavailable");
          }
          count(1);
          fake.rollback();
        }

        @Override
        public void makeBootedDefault() {
          fake.makeBootedDefault();
        }

        @Override
        public void pin(String checksum) {
          fake.pin(checksum);
        }

        @Override
        public void cleanup() {
          fake.cleanup();
        }
      };

  UpdateHarness() {
    this(-1);
  }

  /** A daemon that will be killed before its {@code crashBefore}-th action (1-based; -1: never). */
  UpdateHarness(int crashBefore) {
    this(crashBefore, 0, false);
  }

  /**
   * With boot counting: {@code bootAttempts} boots per new deployment, which {@code hangs} at every
   * boot or not.
   */
  UpdateHarness(int crashBefore, int bootAttempts, boolean hangs) {
    this(crashBefore, bootAttempts, hangs, true);
  }

  /**
   * With boot counting armed by the daemon on a host whose GRUB counts boots ({@code grubCounts})
   * or does not (no counting snippet, no increment module, a /boot GRUB cannot write).
   */
  UpdateHarness(int crashBefore, int bootAttempts, boolean hangs, boolean grubCounts) {
    this.bootLoader = new SimulatedBootLoader(grubCounts);
    this.fake = new InMemoryOsHost(InMemoryOsHost.SYNTHETIC, OLD_REF, BOOT_KARGS, bootLoader);
    if (hangs) {
      // every deployment but the one booted now never reaches userspace: the node is reset and
      // GRUB boots again, until it falls back to the previous deployment
      String old = fake.booted().imageReference();
      fake.hangsAtBoot(d -> !d.imageReference().equals(old));
    }
    this.crashBefore = crashBefore;
    this.bootAttempts = bootAttempts;
    try {
      boot();
    } catch (Crash c) {
      restart();
    }
  }

  private void count(int which) {
    try {
      String rev = store.load().map(HostRecord::revision).orElse("?");
      rebootsByRevision.computeIfAbsent(rev, k -> new int[2])[which]++;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  int forwardReboots(String rev) {
    return rebootsByRevision.getOrDefault(rev, new int[2])[0];
  }

  int rollbackReboots(String rev) {
    return rebootsByRevision.getOrDefault(rev, new int[2])[1];
  }

  /** Starts (or restarts) the daemon process: new machine state, recovery from the host record. */
  void boot() {
    HealthProbe probe =
        checks ->
            checks.stream()
                .map(
                    c ->
                        new HealthCheckResult(
                            c.name(),
                            healthy
                                ? HealthCheckResult.Result.Passing
                                : HealthCheckResult.Result.Failing,
                            null,
                            null))
                .toList();
    StatusSink sink =
        new StatusSink() {
          @Override
          public boolean claimTicket(String ticket, String rv) {
            return !claimConflicts;
          }

          @Override
          public void report(NodeStateStatus status) {
            reports.add(status);
          }
        };
    UpdateExecutor executor =
        new UpdateExecutor(
            host,
            store,
            probe,
            sink,
            clock,
            null,
            bootLoader,
            (updateBoot, currentBoot) -> bootDiagnostics.failedBoot(updateBoot, currentBoot));
    agent =
        new UpdateAgent(
            new UpdateMachine(NODE, UID, bootAttempts),
            executor,
            this::beforeAction,
            this::reread,
            (from, now, in) -> phaseChanges.add(from + "->" + now.phase()));
    try {
      agent.start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void beforeAction(UpdateAction action) {
    actionsRun++;
    actions.add(action.getClass().getSimpleName());
    if (actionsRun == crashBefore) {
      trace.add("crash before #" + actionsRun + " " + action.getClass().getSimpleName());
      throw new Crash();
    }
  }

  UpdatePhase phase() {
    return agent.state().phase();
  }

  UpdateState state() {
    return agent.state();
  }

  /** Delivers an event; a crash kills the daemon, which is restarted from the host record. */
  void deliver(UpdateEvent event) {
    try {
      agent.handle(event);
    } catch (Crash c) {
      restart();
    }
  }

  void restart() {
    restarts++;
    int calls = fake.calls().size();
    try {
      boot();
    } catch (Crash c) {
      restart();
      return;
    }
    List<String> did =
        fake.calls().subList(calls, fake.calls().size()).stream()
            .map(x -> x.split(" ")[0])
            .toList();
    trace.add("restart" + (did.isEmpty() ? "" : did) + " -> " + phase());
    if (spec != null) {
      deliver(new UpdateEvent.SpecChanged(spec, "rv"));
    }
  }

  /** The simulated operator renders the spec for the node's reported state and delivers it. */
  /** The NodeState read again after a lost claim: the spec as the operator has it now. */
  private java.util.Optional<UpdateEvent.SpecChanged> reread() {
    rereads++;
    if (onReread != null) {
      onReread.run();
    }
    return spec == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(new UpdateEvent.SpecChanged(spec, "rv"));
  }

  void operator() {
    Disruption d;
    if (phase() == UpdatePhase.STAGED || grantedBootId != null) {
      if (grantedBootId == null) {
        grantedBootId = fake.bootId();
      }
      d = reboot(grantedBootId, revision);
    } else {
      d = stage(revision);
    }
    spec = Specs.withPolicy(Specs.spec(revision, image, d, failureAction), policy);
    deliver(new UpdateEvent.SpecChanged(spec, "rv"));
  }

  /** Runs operator passes and clock ticks until the update ends (or a step cap). */
  UpdatePhase run() {
    for (int i = 0; i < 100 && !phase().terminal(); i++) {
      if (phase() == UpdatePhase.VERIFYING) {
        clock.advance(Duration.ofSeconds(10));
        deliver(new UpdateEvent.Tick(clock.instant()));
      } else {
        operator();
      }
    }
    return phase();
  }

  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
