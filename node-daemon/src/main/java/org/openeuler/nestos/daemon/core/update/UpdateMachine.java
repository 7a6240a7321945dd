package org.openeuler.nestos.daemon.core.update;

import static org.openeuler.nestos.daemon.core.update.UpdatePhase.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.Tickets;
import org.openeuler.nestos.api.v1alpha1.Disruption;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.daemon.core.update.HostRecord.Intent;
import org.openeuler.nestos.daemon.core.update.UpdateAction.*;
import org.openeuler.nestos.daemon.core.update.UpdateEvent.*;
import org.openeuler.nestos.ostree.core.status.Deployment;

/**
 * The pure node-update state machine (docs/design.md §4.2–4.7): {@code (state, event) -> (state,
 * actions)}. It stages with finalization locked on a {@code Stage} or {@code Reboot} grant, claims
 * a {@code Reboot} ticket only when node UID, {@code boot_id} and revision match and the ticket is
 * the one the operator issues for them ({@link Tickets}; the edge also requires the operator's
 * cordon), records intent and pins the rollback before finalizing, verifies after a {@code boot_id}
 * change and rolls back or fails per {@code failureAction}. Reboots are counted per revision and
 * ticket in the {@link HostRecord} before they are issued, so no revision gets a second forward or
 * rollback reboot within one update cycle (ticket); a later cycle back to the same revision (A -> B
 * -> A) has a new ticket. A {@code ReportStatus} is appended whenever the {@link StatusProjection}
 * changes.
 */
public final class UpdateMachine {

  private final String nodeName;
  private final String nodeUid;
  private final int bootAttempts;

  /**
   * @param nodeName this node's name; @param nodeUid this Node object's UID (tickets are bound to
   *     it)
   */
  public UpdateMachine(String nodeName, String nodeUid) {
    this(nodeName, nodeUid, 0);
  }

  /**
   * @param bootAttempts boots GRUB gives a new deployment before it falls back to the previous one
   *     (docs/boot-counting.md); 0: no boot counting
   */
  public UpdateMachine(String nodeName, String nodeUid, int bootAttempts) {
    this.nodeName = Objects.requireNonNull(nodeName);
    this.nodeUid = Objects.requireNonNull(nodeUid);
    if (bootAttempts < 0 || bootAttempts > 99) {
      throw new IllegalArgumentException("boot attempts must be 0..99, got " + bootAttempts);
    }
    this.bootAttempts = bootAttempts;
  }

  public Transition apply(UpdateState s, UpdateEvent e) {
    Transition t;
    if (e instanceof SpecChanged c) {
      t = onSpec(s, c);
    } else if (e instanceof HostObserved h) {
      t = onHost(s, h);
    } else if (e instanceof TicketAccepted a) {
      t = onTicketAccepted(s, a.ticket());
    } else if (e instanceof TicketClaimConflict c) {
      t =
          s.phase() == CLAIMING
              ? Transition.of(s.phase(STAGED, s.reason())).note("claim conflict, re-reading")
              : Transition.of(s);
    } else if (e instanceof HealthResult h) {
      t = Verification.onHealth(s, h);
    } else if (e instanceof Tick k) {
      t = StageRetries.retryPending(s) ? plan(s) : Verification.onTick(s, k.now());
    } else if (e instanceof Restarted r) {
      t = onRestart(r);
    } else if (e instanceof ActionFailed f) {
      t = onActionFailed(s, f);
    } else if (e instanceof BootDiagnosed d) {
      t = BootCountingSteps.diagnosed(s, d.text());
    } else {
      throw new IllegalArgumentException("unknown event " + e);
    }
    return withReport(BootCountingSteps.decorate(s.phase(), t, bootAttempts));
  }

  private Transition onRestart(Restarted started) {
    Restarted r =
        new Restarted(
            BootCountingSteps.forgetWhenOff(started.record(), bootAttempts),
            started.os(),
            started.bootId(),
            started.recordProblem(),
            started.bootEnv(),
            started.kernelCommandLine());
    HostRecord rec = r.record() == null ? HostRecord.EMPTY : r.record();
    if (r.recordProblem() == null) {
      UpdateState observed = UpdateState.restarted(rec, r.os(), r.bootId());
      var fallback = BootCountingSteps.fallback(observed, r.bootEnv(), bootAttempts);
      if (fallback.isPresent()) {
        return fallback.get();
      }
      if (rec.intent() != Intent.NONE && !Objects.equals(r.bootId(), rec.intentBootId())) {
        return BootCountingSteps.landed(
                observed,
                r.bootEnv(),
                bootAttempts,
                landed -> Verification.resume(landed, r.kernelCommandLine()))
            .note("restart: boot_id changed since the intent, verifying");
      }
    }
    Transition t = Verification.onRestart(r);
    List<UpdateAction> cleanup =
        r.recordProblem() == null
            ? BootCountingSteps.afterRestart(rec, r.bootEnv(), bootAttempts)
            : List.of();
    if (cleanup.isEmpty()) {
      return t;
    }
    List<UpdateAction> actions = new ArrayList<>(t.actions());
    actions.addAll(cleanup);
    return new Transition(t.state(), actions, t.note());
  }

  private static Transition withReport(Transition t) {
    var status = StatusProjection.project(t.state());
    if (status.equals(t.state().reported())) {
      return t;
    }
    List<UpdateAction> actions = new ArrayList<>(t.actions());
    int at = actions.size();
    for (int i = 0; i < actions.size(); i++) {
      if (actions.get(i) instanceof FinalizeAndReboot || actions.get(i) instanceof Rollback) {
        at = i;
        break;
      }
    }
    actions.add(at, new ReportStatus(status));
    return new Transition(t.state().reported(status), actions, t.note());
  }

  private Transition onSpec(UpdateState s, SpecChanged c) {
    NodeStateSpec spec = c.spec();
    if (spec == null || !nodeName.equals(spec.nodeName())) {
      return Transition.of(s)
          .note("ignored: NodeState for node " + (spec == null ? null : spec.nodeName()));
    }
    s = s.spec(spec, c.resourceVersion());
    if (s.phase() == HALTED) {
      return Transition.of(s).note("OS updates halted: host record unreadable");
    }
    if (s.phase().inFlight()) {
      return Transition.of(s).note("in flight: spec kept for later");
    }
    if (s.phase().terminal() && Objects.equals(spec.revision(), s.record().revision())) {
      return Transition.of(s);
    }
    return plan(s);
  }

  /** Decides from the spec and the host what to do next (not in flight). */
  Transition plan(UpdateState s) {
    Desired.Parsed parsed = Desired.parse(s.spec());
    if (parsed instanceof Desired.Invalid inv) {
      return Transition.of(
          s.phase(DEGRADED, Reason.of(ConditionReason.INVALID_SPEC, inv.reason())));
    }
    if (parsed instanceof Desired.NoTarget) {
      // Nothing in this revision is the OS's to do: the node is at it (live config is judged by its
      // own summaries,
      // kernel arguments by appliedKernelArguments), so NodeConfig status can count nodes no
      // OSVersion selects.
      List<String> pending = KernelArgumentsPending.of(s.spec(), s.os(), s.record());
      UpdateState idle =
          s.phase(
              IDLE,
              pending.isEmpty()
                  ? null
                  : Reason.of(
                      ConditionReason.KERNEL_ARGUMENTS_PENDING,
                      "kernel arguments "
                          + pending
                          + " wait for a reboot: no OSVersion selects this node, and kernel"
                          + " arguments are applied with the OS update an OSVersion rolls out"));
      List<UpdateAction> actions = new ArrayList<>();
      String revision = s.spec().revision();
      if (revision != null && pending.isEmpty() && !revision.equals(s.record().currentRevision())) {
        HostRecord r = s.record().toBuilder().currentRevision(revision).build();
        idle = idle.record(r);
        actions.add(new RecordIntent(r));
      }
      if (s.os().staged().isPresent()) {
        actions.add(new Cleanup());
      }
      return new Transition(idle, actions, null);
    }
    Desired d = ((Desired.Valid) parsed).desired();
    HostRecord rec = s.record();
    List<String> applied = rec.appliedKernelArguments();
    Deployment booted = s.os().booted().orElse(null);
    if (booted != null && d.matches(booted, applied)) {
      UpdateState up = s.phase(UPDATED, null);
      List<UpdateAction> actions = new ArrayList<>();
      if (!d.revision().equals(rec.revision()) || rec.phase() != UPDATED) {
        HostRecord r =
            forRevision(rec, d.revision())
                .phase(UPDATED)
                .currentRevision(d.revision())
                .appliedKernelArguments(d.tokens())
                .build();
        up = up.record(r);
        actions.add(new RecordIntent(r));
      }
      if (s.os().staged().isPresent()) {
        actions.add(new Cleanup());
      }
      return new Transition(up, actions, null);
    }
    String ticket = rebootTicket(s.spec(), d.revision());
    if (ticket != null && rec.count(d.revision(), ticket).forward() >= 1) {
      return Verification.failed(
          s,
          Reason.of(
              ConditionReason.NODE_FAILED,
              "RebootLimitReached: revision "
                  + d.revision()
                  + " already had its forward reboot under ticket "
                  + ticket));
    }
    Deployment staged = s.os().staged().orElse(null);
    if (staged != null && d.matches(staged, applied)) {
      return staged(s);
    }
    Disruption dis = s.spec().disruption();
    boolean granted =
        dis != null
            && dis.allowed() != null
            && dis.allowed() != Disruption.Allowed.None
            && d.revision().equals(dis.revision());
    if (granted) {
      var edit = d.edit(booted == null ? List.of() : booted.kernelArguments(), applied);
      return Transition.of(
          s.phase(STAGING, null),
          new Stage(d.image().toString(), edit, d.remoteKeys(), d.pullAuth()));
    }
    return Transition.of(
        s.phase(
            IDLE, Reason.of(ConditionReason.PROGRESSING, "update pending, waiting for a grant")));
  }

  /** The rendered deployment is staged: claim a valid {@code Reboot} ticket, else wait. */
  private Transition staged(UpdateState s) {
    Disruption dis = s.spec().disruption();
    if (dis == null || dis.allowed() != Disruption.Allowed.Reboot) {
      return Transition.of(s.phase(STAGED, null));
    }
    String stale =
        !nodeUid.equals(s.spec().nodeUID())
            ? "node UID " + s.spec().nodeUID()
            : !Objects.equals(dis.bootID(), s.bootId())
                ? "bootID " + dis.bootID()
                : !Objects.equals(dis.revision(), s.spec().revision())
                    ? "revision " + dis.revision()
                    : null;
    if (stale != null || dis.ticket() == null) {
      return Transition.of(
              s.phase(
                  STAGED,
                  Reason.of(
                      ConditionReason.STAGED,
                      "ignored stale ticket " + dis.ticket() + " (granted for " + stale + ")")))
          .note("stale ticket ignored");
    }
    if (!Tickets.issuedBy(s.spec().osVersionRef(), nodeUid, dis)) {
      // only the operator's tickets count: a hand-written grant never reboots the node
      // (docs/decisions.md "Only the operator's grants count")
      return Transition.of(
              s.phase(
                  STAGED,
                  Reason.of(
                      ConditionReason.STAGED,
                      "ignored ticket "
                          + dis.ticket()
                          + ": not issued by the operator for OSVersion "
                          + s.spec().osVersionRef()
                          + ", this node, boot "
                          + dis.bootID()
                          + " and revision "
                          + dis.revision())))
          .note("foreign ticket ignored");
    }
    return Transition.of(
        s.phase(CLAIMING, null), new ClaimTicket(dis.ticket(), s.resourceVersion()));
  }

  private Transition onHost(UpdateState s, HostObserved h) {
    s = s.host(h.os(), h.bootId());
    HostRecord rec = s.record();
    switch (s.phase()) {
      case REBOOT_REQUESTED, ROLLING_BACK:
        if (Objects.equals(h.bootId(), rec.intentBootId())) {
          return Transition.of(s);
        }
        UpdateState observed = s;
        return BootCountingSteps.fallback(observed, h.bootEnv(), bootAttempts)
            .orElseGet(
                () ->
                    BootCountingSteps.landed(
                        observed,
                        h.bootEnv(),
                        bootAttempts,
                        landed -> Verification.resume(landed, h.kernelCommandLine())));
      case STAGING, STAGED, IDLE:
        if (s.spec() == null) {
          return Transition.of(s);
        }
        if (s.phase() == STAGING && s.os().staged().isEmpty()) {
          return Transition.of(s);
        }
        return plan(s);
      default:
        return Transition.of(s);
    }
  }

  private Transition onTicketAccepted(UpdateState s, String ticket) {
    if (s.phase() != CLAIMING
        || s.spec() == null
        || s.spec().disruption() == null
        || !Objects.equals(ticket, s.spec().disruption().ticket())) {
      return Transition.of(s).note("ignored ticket " + ticket);
    }
    if (!(Desired.parse(s.spec()) instanceof Desired.Valid v)) {
      return plan(s);
    }
    Desired d = v.desired();
    Deployment booted = s.os().booted().orElse(null);
    Deployment staged = s.os().staged().orElse(null);
    if (booted == null
        || staged == null
        || !d.matches(staged, s.record().appliedKernelArguments())) {
      return plan(s);
    }
    if (s.record().count(d.revision(), ticket).forward() >= 1) {
      return Verification.failed(
          s,
          Reason.of(
              ConditionReason.NODE_FAILED,
              "RebootLimitReached: revision "
                  + d.revision()
                  + " already had its forward reboot under ticket "
                  + ticket));
    }
    HostRecord r =
        forRevision(s.record(), d.revision())
            .ticket(ticket)
            .phase(REBOOT_REQUESTED)
            .intent(Intent.REBOOT, s.bootId())
            .target(d.image().toString(), d.tokens())
            .expectedChecksum(staged.checksum())
            .rollbackChecksum(booted.checksum())
            .healthGate(s.spec().healthGate())
            .verifyStartedAtMillis(null)
            .reason(null)
            .countReboot(false)
            .build();
    return Transition.of(
        s.record(r).phase(REBOOT_REQUESTED, null),
        new RecordIntent(r),
        new Pin(booted.checksum()),
        new FinalizeAndReboot(staged.checksum()));
  }

  private Transition onActionFailed(UpdateState s, ActionFailed f) {
    String why = f.action() + ": " + f.message();
    return switch (s.phase()) {
      case STAGING -> StageRetries.onFailure(s, f.code(), why);
      case CLAIMING ->
          Transition.of(
              s.phase(STAGED, Reason.of(ConditionReason.STAGED, StageRetries.CLAIM_FAILED + why)));
      case REBOOT_REQUESTED, ROLLING_BACK ->
          Verification.failed(s, Reason.of(ConditionReason.NODE_FAILED, why));
      default -> Transition.of(s).note("ignored failure " + why);
    };
  }

  /** The ticket of the spec's Reboot grant for {@code revision}, or null. */
  private static String rebootTicket(NodeStateSpec spec, String revision) {
    Disruption d = spec == null ? null : spec.disruption();
    return d != null && d.allowed() == Disruption.Allowed.Reboot && revision.equals(d.revision())
        ? d.ticket()
        : null;
  }

  static HostRecord.Builder forRevision(HostRecord rec, String revision) {
    HostRecord.Builder b = rec.toBuilder();
    return revision.equals(rec.revision()) ? b : b.newRevision(revision);
  }
}
