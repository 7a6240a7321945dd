package org.openeuler.nestos.operator.policy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.function.Supplier;

/**
 * Status patches of our CRs: skipped when nothing changed, otherwise a fresh object carrying only
 * the status.
 */
final class StatusWrites {
  private StatusWrites() {}

  /**
   * Whether the render caches already hold {@code primary} at its generation; if not, the render
   * would not reflect its spec yet, and the cache's own event reconciles it again shortly.
   */
  static <R extends io.fabric8.kubernetes.api.model.HasMetadata> boolean inCache(
      java.util.stream.Stream<R> cached, R primary) {
    return cached.anyMatch(
        r ->
            r.getMetadata().getName().equals(primary.getMetadata().getName())
                && java.util.Objects.equals(
                    r.getMetadata().getGeneration(), primary.getMetadata().getGeneration()));
  }

  /** Whether two statuses serialise to the same JSON (nulls omitted, as on the wire). */
  static boolean same(Object a, Object b) {
    return Serialization.jsonMapper()
        .valueToTree(a)
        .equals(Serialization.jsonMapper().valueToTree(b));
  }

  /**
   * {@code noUpdate} when {@code status} equals the current one; else a status patch (server-side
   * apply by JOSDK) of a fresh object with only name and status, so no other field is claimed.
   */
  static <S, R extends CustomResource<?, S>> UpdateControl<R> patch(
      R current, S status, Supplier<R> fresh) {
    if (current.getStatus() != null && same(current.getStatus(), status)) {
      return UpdateControl.noUpdate();
    }
    R r = fresh.get();
    r.setMetadata(
        new ObjectMetaBuilder()
            .withName(current.getMetadata().getName())
            .withNamespace(current.getMetadata().getNamespace())
            .build());
    r.setStatus(status);
    return UpdateControl.patchStatus(r);
  }
}
