package org.openeuler.nestos.operator.events;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Events on our CRs and on Nodes (they show in {@code kubectl describe}). The same (object,
 * reason, message) is recorded once per {@link #DEDUP_WINDOW}; recording never fails a reconcile
 * (errors are logged). Cluster-scoped objects get their Events in the {@code default} namespace, as
 * kube does for Nodes.
 */
public final class EventRecorder {

  public static final Duration DEDUP_WINDOW = Duration.ofMinutes(10);
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final int MAX_REMEMBERED = 10_000;

  private final KubernetesClient client;
  private final Clock clock;
  private final String component;

  /** When each key was last recorded, oldest first (insertion order: keys expire from the head). */
  private final LinkedHashMap<String, Instant> recent = new LinkedHashMap<>();

  public EventRecorder(KubernetesClient client, Clock clock, String component) {
    this.client = client;
    this.clock = clock;
    this.component = component;
  }

  /**
   * Whether {@code key} was not recorded within the window; then remembers it. Expired keys go from
   * the head, and at most {@link #MAX_REMEMBERED} are kept (the oldest forgotten first): O(expired)
   * per call, not a walk of every key (at 5,000 nodes the walk ran on every event once 10,000 keys
   * were within the window).
   */
  synchronized boolean firstInWindow(String key, Instant now) {
    Iterator<Map.Entry<String, Instant>> oldest = recent.entrySet().iterator();
    while (oldest.hasNext()
        && Duration.between(oldest.next().getValue(), now).compareTo(DEDUP_WINDOW) >= 0) {
      oldest.remove();
    }
    Instant last = recent.get(key);
    if (last != null && Duration.between(last, now).compareTo(DEDUP_WINDOW) < 0) {
      return false;
    }
    // expired behind a newer key (a clock that went back): re-inserted at the tail below
    recent.remove(key);
    if (recent.size() >= MAX_REMEMBERED) {
      oldest = recent.entrySet().iterator();
      oldest.next();
      oldest.remove();
    }
    recent.put(key, now);
    return true;
  }

  /**
   * @return whether an Event was written (false: a duplicate within the window, or the write
   *     failed)
   */
  public boolean record(HasMetadata object, EventReason reason, String message) {
    Instant now = clock.instant();
    String key = object.getMetadata().getUid() + "|" + reason + "|" + message;
    if (!firstInWindow(key, now)) {
      return false;
    }
    String namespace =
        object.getMetadata().getNamespace() == null
            ? "default"
            : object.getMetadata().getNamespace();
    try {
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withGenerateName(object.getMetadata().getName() + ".")
                  .withNamespace(namespace)
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(object.getApiVersion())
                          .withKind(object.getKind())
                          .withName(object.getMetadata().getName())
                          .withUid(object.getMetadata().getUid())
                          .withNamespace(object.getMetadata().getNamespace())
                          .build())
                  .withReason(reason.name())
                  .withType(reason.type())
                  .withMessage(message)
                  .withFirstTimestamp(now.toString())
                  .withLastTimestamp(now.toString())
                  .withCount(1)
                  .withNewSource()
                  .withComponent(component)
                  .endSource()
                  .build())
          .create();
      return true;
    } catch (RuntimeException e) {
      LOG.warn(
          "could not record event {} on {}/{}: {}",
          reason,
          object.getKind(),
          object.getMetadata().getName(),
          e.getMessage());
      return false;
    }
  }
}
