package org.openeuler.nestos.operator.rollout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.lang.reflect.RecordComponent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.ConditionType;
import org.openeuler.nestos.api.v1alpha1.OSVersion;
import org.openeuler.nestos.api.v1alpha1.OSVersionStatus;
import org.openeuler.nestos.operator.core.rollout.OsVersionStatuses;
import org.openeuler.nestos.operator.core.rollout.RolloutPlan;
import org.openeuler.nestos.operator.ops.OperatorMetrics;

/**
 * The status step of the rollout: builds the OSVersion status (from a plan, or for an unavailable
 * image) and writes it as a merge patch; a status equal to the last one is not written, writes are
 * coalesced to at most one per {@code statusInterval}, and the last written status is what the next
 * pass builds on.
 */
final class RolloutStatus {

  private final KubernetesClient client;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final RolloutSettings settings;
  private final RolloutTimings timings;

  private final Map<String, OSVersionStatus> written = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastWrite = new ConcurrentHashMap<>();

  RolloutStatus(
      KubernetesClient client,
      OperatorMetrics metrics,
      Clock clock,
      RolloutSettings settings,
      RolloutTimings timings) {
    this.client = client;
    this.metrics = metrics;
    this.clock = clock;
    this.settings = settings;
    this.timings = timings;
  }

  /** The status the last pass wrote, else the one the OSVersion carries. */
  OSVersionStatus previous(OSVersion osv) {
    OSVersionStatus mem = written.get(osv.getMetadata().getName());
    return mem != null ? mem : osv.getStatus();
  }

  void forget(String osVersion) {
    written.remove(osVersion);
    lastWrite.remove(osVersion);
  }

  /**
   * {@code old} (counts kept, observed version cleared) with Stalled/ImageUnavailable conditions.
   */
  OSVersionStatus imageUnavailable(
      OSVersion osv, OSVersionStatus old, String reason, ConditionReason code, Instant now) {
    return OsVersionStatuses.imageUnavailable(
        osv.getMetadata().getGeneration(), old, reason, code, now);
  }

  /**
   * The status of a plan: its conditions (Stalled/SelectorOverlap instead when {@code
   * overlapMessage} is set), counts, failures and retry acknowledgement, for the image {@code
   * version}.
   */
  OSVersionStatus of(
      OSVersion osv,
      OSVersionStatus old,
      RolloutPlan plan,
      String overlapMessage,
      String version,
      Instant now) {
    return of(osv, old, plan, overlapMessage, version, null, now);
  }

  /**
   * {@link #of}, with {@code ImageVerified=False} (reason and message of {@code unchecked}) when
   * the image was not checked in its registry and the rollout proceeds anyway.
   */
  OSVersionStatus of(
      OSVersion osv,
      OSVersionStatus old,
      RolloutPlan plan,
      String overlapMessage,
      String version,
      org.openeuler.nestos.operator.image.ImageCheck.Unchecked unchecked,
      Instant now) {
    return OsVersionStatuses.of(
        osv.getMetadata().getGeneration(),
        old,
        plan,
        overlapMessage,
        version,
        unchecked == null ? null : unchecked.code(),
        unchecked == null ? null : unchecked.reason(),
        now);
  }

  /** Whether {@code status} says Reconciling=True. */
  static boolean reconciling(OSVersionStatus status) {
    Condition c = Snapshots.find(status.conditions(), ConditionType.RECONCILING.value());
    return c != null && "True".equals(c.getStatus());
  }

  /**
   * Writes {@code status} unless it equals {@code old} or the OSVersion's own; a write due within
   * {@code statusInterval} of the last one is postponed instead. Then resyncs after {@code resync}
   * (if not null).
   */
  UpdateControl<OSVersion> write(
      OSVersion osv, OSVersionStatus old, OSVersionStatus status, Duration resync) {
    String name = osv.getMetadata().getName();
    UpdateControl<OSVersion> control = UpdateControl.noUpdate();
    if (!status.equals(old) && !status.equals(osv.getStatus())) {
      Instant now = clock.instant();
      Instant last = lastWrite.get(name);
      Duration since = last == null ? null : Duration.between(last, now);
      if (since != null && since.compareTo(settings.statusInterval()) < 0 && !since.isNegative()) {
        Duration wait = settings.statusInterval().minus(since);
        return control.rescheduleAfter(Math.max(50, wait.toMillis()));
      }
      if (!patch(name, status, now)) {
        return control.rescheduleAfter(settings.statusInterval().toMillis());
      }
    } else if (status.equals(osv.getStatus())) {
      written.put(name, status);
    }
    return resync == null ? control : control.rescheduleAfter(resync.toMillis());
  }

  /**
   * Writes {@code status} now unless it equals {@code old} or the OSVersion's own (the deletion's
   * status: written once per change, not coalesced).
   */
  void publish(OSVersion osv, OSVersionStatus old, OSVersionStatus status) {
    if (!status.equals(old) && !status.equals(osv.getStatus())) {
      patch(osv.getMetadata().getName(), status, clock.instant());
    }
  }

  private boolean patch(String name, OSVersionStatus status, Instant now) {
    try {
      ObjectNode body = Serialization.jsonMapper().valueToTree(status);
      for (RecordComponent rc : OSVersionStatus.class.getRecordComponents()) {
        if (!body.has(rc.getName())) {
          body.putNull(rc.getName());
        }
      }
      ObjectNode patch = Serialization.jsonMapper().createObjectNode();
      patch.set("status", body);
      client
          .resources(OSVersion.class)
          .withName(name)
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
      written.put(name, status);
      lastWrite.put(name, now);
      timings.statusWritten();
      return true;
    } catch (RuntimeException e) {
      OsVersionReconciler.apiError(metrics, "patch", "osversions/status", name, e);
      return false;
    }
  }
}
