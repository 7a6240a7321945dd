package org.openeuler.nestos.operator.core.pressure;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.openeuler.nestos.api.v1alpha1.PsiPressure;
import org.openeuler.nestos.api.v1alpha1.RubikPolicySpec;
import org.openeuler.nestos.api.v1alpha1.RubikProfile;
import org.openeuler.nestos.rubik.core.classify.OfflineClassifier;
import org.openeuler.nestos.rubik.core.classify.SystemPods;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;
import org.openeuler.nestos.rubik.core.model.QosClass;

/**
 * Which offline pod the operator evicts from a node under pressure (RubikPolicy {@code
 * features.psi}, mode Native; docs/rubik-colocation.md "Dynamic memory and PSI eviction"). Pure.
 *
 * <p>A node's report counts while it is fresh ({@link #STALE_AFTER}: a daemon that stopped
 * reporting evicts nothing). Victims are the node's offline pods by the profile's own rules (the
 * daemon's classifier), never Guaranteed, system, DaemonSet or mirror pods (they would come back to
 * the same node), only running ones not already terminating; lowest priority first, then the
 * youngest (the least work lost), then by name.
 */
public final class PsiEvictionPlanner {

  /** A report older than this is ignored. */
  public static final Duration STALE_AFTER = Duration.ofMinutes(2);

  private PsiEvictionPlanner() {}

  /**
   * A pod on the node as eviction sees it.
   *
   * @param snapshot what the classifier reads
   * @param created {@code metadata.creationTimestamp}
   * @param terminating {@code metadata.deletionTimestamp} is set
   * @param pinnedToNode owned by a DaemonSet, or a mirror (static) pod
   */
  public record Candidate(
      PodSnapshot snapshot, Instant created, boolean terminating, boolean pinnedToNode) {}

  /** Whether a node's profile asks for PSI eviction (mode Native, {@code features.psi}). */
  public static boolean wanted(RubikProfile profile) {
    return profile != null
        && profile.mode() != RubikPolicySpec.Mode.Rubik
        && profile.features() != null
        && Boolean.TRUE.equals(profile.features().psi());
  }

  /** Whether {@code p} reports pressure observed within {@link #STALE_AFTER} of {@code now}. */
  public static boolean fresh(PsiPressure p, Instant now) {
    if (p == null || p.observedAt() == null) {
      return false;
    }
    try {
      Instant seen = Instant.parse(p.observedAt());
      return !seen.isBefore(now.minus(STALE_AFTER));
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** The pods that may be evicted, best victim first. */
  public static List<Candidate> victims(
      List<Candidate> pods, RubikProfile profile, Set<String> systemNamespaces) {
    Set<String> offlineNamespaces =
        profile.offlineNamespaces() == null ? null : Set.copyOf(profile.offlineNamespaces());
    SystemPods system = new SystemPods(systemNamespaces);
    return pods.stream()
        .filter(c -> !c.terminating() && !c.pinnedToNode())
        .filter(c -> "Running".equals(c.snapshot().phase()))
        .filter(c -> c.snapshot().qosClass() != QosClass.Guaranteed)
        .filter(
            c ->
                OfflineClassifier.classify(
                        c.snapshot(),
                        profile.offline(),
                        offlineNamespaces,
                        java.util.Map.of(),
                        system)
                    .offline())
        .sorted(
            Comparator.comparingInt(
                    (Candidate c) -> c.snapshot().priority() == null ? 0 : c.snapshot().priority())
                .thenComparing(Candidate::created, Comparator.reverseOrder())
                .thenComparing(c -> c.snapshot().namespace())
                .thenComparing(c -> c.snapshot().name()))
        .toList();
  }
}
