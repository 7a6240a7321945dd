package org.openeuler.nestos.daemon.core.update;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.v1alpha1.HealthCheckResult;
import org.openeuler.nestos.api.v1alpha1.NodeStateSpec;
import org.openeuler.nestos.ostree.core.status.OsStatus;

/** What the update machine reacts to. */
public sealed interface UpdateEvent {

  /** The NodeState's spec as read, with the resourceVersion a ticket claim must carry. */
  record SpecChanged(NodeStateSpec spec, String resourceVersion) implements UpdateEvent {}

  /**
   * A local read of the host: deployments, the current {@code boot_id}, the boot loader's
   * environment block ({@code bootEnv}: empty without boot counting; docs/boot-counting.md) and the
   * running kernel's arguments ({@code /proc/cmdline}; null when unread: the booted deployment's
   * boot entry stands in).
   */
  record HostObserved(
      OsStatus os, String bootId, Map<String, String> bootEnv, List<String> kernelCommandLine)
      implements UpdateEvent {
    public HostObserved {
      bootEnv = bootEnv == null ? Map.of() : Map.copyOf(bootEnv);
      kernelCommandLine = kernelCommandLine == null ? null : List.copyOf(kernelCommandLine);
    }

    public HostObserved(OsStatus os, String bootId, Map<String, String> bootEnv) {
      this(os, bootId, bootEnv, null);
    }

    public HostObserved(OsStatus os, String bootId) {
      this(os, bootId, Map.of());
    }
  }

  /** The {@code acceptedTicket} status write succeeded. */
  record TicketAccepted(String ticket) implements UpdateEvent {}

  /** The claim got a 409: re-read the NodeState (a {@link SpecChanged} follows). */
  record TicketClaimConflict(String ticket) implements UpdateEvent {}

  /** One round of health checks. */
  record HealthResult(boolean pass, Instant at, List<HealthCheckResult> results)
      implements UpdateEvent {
    public HealthResult {
      results = results == null ? List.of() : List.copyOf(results);
    }
  }

  /** Time passes (drives health-check rounds and the verification deadline). */
  record Tick(Instant now) implements UpdateEvent {}

  /**
   * Daemon start: the host record as loaded (null when none) and the host as observed; {@code
   * recordProblem} says why the record could not be read (null when it could, or there is none);
   * {@code kernelCommandLine} is the running kernel's arguments ({@code /proc/cmdline}; null when
   * unread: the booted deployment's boot entry stands in).
   */
  record Restarted(
      HostRecord record,
      OsStatus os,
      String bootId,
      String recordProblem,
      Map<String, String> bootEnv,
      List<String> kernelCommandLine)
      implements UpdateEvent {
    public Restarted {
      bootEnv = bootEnv == null ? Map.of() : Map.copyOf(bootEnv);
      kernelCommandLine = kernelCommandLine == null ? null : List.copyOf(kernelCommandLine);
    }

    public Restarted(
        HostRecord record,
        OsStatus os,
        String bootId,
        String recordProblem,
        Map<String, String> bootEnv) {
      this(record, os, bootId, recordProblem, bootEnv, null);
    }

    public Restarted(HostRecord record, OsStatus os, String bootId, String recordProblem) {
      this(record, os, bootId, recordProblem, Map.of());
    }

    public Restarted(HostRecord record, OsStatus os, String bootId) {
      this(record, os, bootId, null, Map.of());
    }
  }

  /**
   * The failed boot's diagnostics after a GRUB fallback: a bounded journal excerpt, or why there is
   * none ({@code FailedBootJournal}).
   */
  record BootDiagnosed(String text) implements UpdateEvent {}

  /** An action threw; the executor stopped before the following actions. */
  record ActionFailed(String action, String message, ConditionReason code) implements UpdateEvent {

    /** A failure without a reason of its own ({@code ApplyFailed} while staging). */
    public ActionFailed(String action, String message) {
      this(action, message, null);
    }
  }
}
