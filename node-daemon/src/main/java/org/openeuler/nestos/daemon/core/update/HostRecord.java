package org.openeuler.nestos.daemon.core.update;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openeuler.nestos.api.v1alpha1.HealthGate;

/**
 * What the daemon keeps on the host, durably (docs/design.md §4.6/§4.7), so a crash or reboot at
 * any step resumes safely: the update in flight (revision, ticket, phase), the intent recorded
 * before a risky step with the {@code boot_id} it was issued from, what the reboot must reach, the
 * pinned rollback deployment, and the reboot counts per revision and ticket that make "at most one
 * forward and one rollback reboot per (node, revision) and update cycle" hold across restarts. An
 * update cycle is one operator ticket: returning to a revision the node ran before comes with a new
 * ticket (it is bound to the boot it was issued in) and gets its own reboots (docs/decisions.md).
 *
 * @param revision the revision of the update in flight (or last finished)
 * @param ticket the accepted {@code Reboot} ticket
 * @param phase the persisted phase
 * @param intent what was about to happen when recorded
 * @param intentBootId the {@code boot_id} the intent was recorded in (a different one means the
 *     reboot happened)
 * @param imageReference the rendered image (transport form) the forward reboot must boot
 * @param kernelArguments the rendered kernel-argument tokens the forward reboot must boot with
 * @param expectedChecksum the staged deployment's checksum
 * @param rollbackChecksum the deployment booted before the update (pinned, the rollback target)
 * @param healthGate the rendered health gate (verification resumes without the API server)
 * @param verifyStartedAtMillis when verification started (the deadline survives restarts)
 * @param reason why the update ended as it did (failed, rolled back)
 * @param currentRevision the revision whose rendered state is booted
 * @param lastFailedRevision the last revision that failed here
 * @param appliedKernelArguments the tokens the project applied to the booted deployment
 * @param reboots reboot counts per revision, for the ticket last counted on it (bounded, oldest
 *     dropped)
 * @param bootCounting what the last reboot into a new deployment showed of GRUB's boot counting, as
 *     {@code "<ConditionReason>: <message>"} ({@code Counting}, {@code NotCounting}, {@code
 *     BootFailed} with the failed boot's journal excerpt; docs/boot-counting.md); null before any.
 *     Kept across revisions until the next such reboot.
 */
public record HostRecord(
    String revision,
    String ticket,
    UpdatePhase phase,
    Intent intent,
    String intentBootId,
    String imageReference,
    List<String> kernelArguments,
    String expectedChecksum,
    String rollbackChecksum,
    HealthGate healthGate,
    Long verifyStartedAtMillis,
    Reason reason,
    String currentRevision,
    String lastFailedRevision,
    List<String> appliedKernelArguments,
    Map<String, RebootCount> reboots,
    Reason bootCounting) {

  /** Revisions whose counts are kept. */
  public static final int MAX_REVISIONS = 16;

  /** An intent recorded before a reboot. */
  public enum Intent {
    NONE,
    REBOOT,
    ROLLBACK
  }

  /**
   * Reboots issued for one revision under one ticket (null: recorded before tickets were counted).
   */
  public record RebootCount(int forward, int rollback, String ticket) {
    public RebootCount(int forward, int rollback) {
      this(forward, rollback, null);
    }
  }

  public static final HostRecord EMPTY =
      new HostRecord(
          null,
          null,
          UpdatePhase.IDLE,
          Intent.NONE,
          null,
          null,
          List.of(),
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          List.of(),
          Map.of(),
          null);

  public HostRecord {
    phase = phase == null ? UpdatePhase.IDLE : phase;
    intent = intent == null ? Intent.NONE : intent;
    kernelArguments = kernelArguments == null ? List.of() : List.copyOf(kernelArguments);
    appliedKernelArguments =
        appliedKernelArguments == null ? List.of() : List.copyOf(appliedKernelArguments);
    reboots =
        reboots == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(reboots));
  }

  /** Reboots last counted for {@code rev}, whatever their ticket (without it). */
  public RebootCount count(String rev) {
    RebootCount c = reboots.getOrDefault(rev, new RebootCount(0, 0));
    return new RebootCount(c.forward(), c.rollback());
  }

  /**
   * Reboots issued for {@code rev} under {@code ticket}: zero when the last ones counted for that
   * revision were under another ticket (an earlier update cycle). A count recorded without a ticket
   * (an older daemon) applies to the record's own update in flight.
   */
  public RebootCount count(String rev, String ticket) {
    RebootCount c = reboots.get(rev);
    if (c == null) {
      return new RebootCount(0, 0, ticket);
    }
    boolean same =
        c.ticket() == null
            ? rev.equals(revision) && (ticket == null || ticket.equals(this.ticket))
            : c.ticket().equals(ticket);
    return same ? c : new RebootCount(0, 0, ticket);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Copy-and-change. */
  public static final class Builder {
    private String revision;
    private String ticket;
    private UpdatePhase phase;
    private Intent intent;
    private String intentBootId;
    private String imageReference;
    private List<String> kernelArguments;
    private String expectedChecksum;
    private String rollbackChecksum;
    private HealthGate healthGate;
    private Long verifyStartedAtMillis;
    private Reason reason;
    private String currentRevision;
    private String lastFailedRevision;
    private List<String> appliedKernelArguments;
    private final LinkedHashMap<String, RebootCount> reboots;
    private Reason bootCounting;

    Builder(HostRecord r) {
      revision = r.revision;
      ticket = r.ticket;
      phase = r.phase;
      intent = r.intent;
      intentBootId = r.intentBootId;
      imageReference = r.imageReference;
      kernelArguments = r.kernelArguments;
      expectedChecksum = r.expectedChecksum;
      rollbackChecksum = r.rollbackChecksum;
      healthGate = r.healthGate;
      verifyStartedAtMillis = r.verifyStartedAtMillis;
      reason = r.reason;
      currentRevision = r.currentRevision;
      lastFailedRevision = r.lastFailedRevision;
      appliedKernelArguments = r.appliedKernelArguments;
      reboots = new LinkedHashMap<>(r.reboots);
      bootCounting = r.bootCounting;
    }

    /** Starts a new revision: clears the per-update fields, keeps counts and history. */
    public Builder newRevision(String rev) {
      revision = rev;
      ticket = null;
      intent = Intent.NONE;
      intentBootId = null;
      expectedChecksum = null;
      rollbackChecksum = null;
      verifyStartedAtMillis = null;
      reason = null;
      return this;
    }

    public Builder ticket(String v) {
      ticket = v;
      return this;
    }

    public Builder phase(UpdatePhase v) {
      phase = v;
      return this;
    }

    public Builder intent(Intent v, String bootId) {
      intent = v;
      intentBootId = bootId;
      return this;
    }

    public Builder target(String image, List<String> kargs) {
      imageReference = image;
      kernelArguments = kargs;
      return this;
    }

    public Builder expectedChecksum(String v) {
      expectedChecksum = v;
      return this;
    }

    public Builder rollbackChecksum(String v) {
      rollbackChecksum = v;
      return this;
    }

    public Builder healthGate(HealthGate v) {
      healthGate = v;
      return this;
    }

    public Builder verifyStartedAtMillis(Long v) {
      verifyStartedAtMillis = v;
      return this;
    }

    public Builder reason(Reason v) {
      reason = v;
      return this;
    }

    public Builder currentRevision(String v) {
      currentRevision = v;
      return this;
    }

    public Builder lastFailedRevision(String v) {
      lastFailedRevision = v;
      return this;
    }

    public Builder appliedKernelArguments(List<String> v) {
      appliedKernelArguments = v;
      return this;
    }

    public Builder bootCounting(Reason v) {
      bootCounting = v;
      return this;
    }

    /**
     * Counts one more forward ({@code rollback=false}) or rollback reboot for the current revision
     * and ticket; a new ticket on the revision starts a new count.
     */
    public Builder countReboot(boolean rollback) {
      RebootCount c = build().count(revision, ticket);
      reboots.remove(revision);
      reboots.put(
          revision,
          rollback
              ? new RebootCount(c.forward(), c.rollback() + 1, ticket)
              : new RebootCount(c.forward() + 1, c.rollback(), ticket));
      while (reboots.size() > MAX_REVISIONS) {
        reboots.remove(reboots.keySet().iterator().next());
      }
      return this;
    }

    public HostRecord build() {
      return new HostRecord(
          revision,
          ticket,
          phase,
          intent,
          intentBootId,
          imageReference,
          kernelArguments,
          expectedChecksum,
          rollbackChecksum,
          healthGate,
          verifyStartedAtMillis,
          reason,
          currentRevision,
          lastFailedRevision,
          appliedKernelArguments,
          reboots,
          bootCounting);
    }
  }
}
