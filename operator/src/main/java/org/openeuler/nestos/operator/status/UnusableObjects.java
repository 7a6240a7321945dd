package org.openeuler.nestos.operator.status;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.ConditionType;
import org.openeuler.nestos.api.LenientResources;
import org.openeuler.nestos.operator.events.EventReason;
import org.openeuler.nestos.operator.events.EventRecorder;
import org.openeuler.nestos.operator.ops.OperatorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Objects a reconciler skips instead of failing on: the stand-in of an object the operator cannot
 * read ({@link LenientResources}, reason {@code Unreadable}) and an object without spec ({@code
 * SpecMissing}). Each is reported once per generation and problem: a warning log naming the object,
 * a Warning Event, {@code nestos_unusable_objects}, and its status replaced by Ready=False,
 * Reconciling=False and Stalled=True with that reason, written by an untyped JSON patch (the object
 * need not be readable for that). docs/operations.md, "An object the operator cannot read".
 */
public final class UnusableObjects {

  private static final Logger LOG = LoggerFactory.getLogger(UnusableObjects.class);

  /** Why an object cannot be used. */
  public record Problem(ConditionReason reason, EventReason event, String message) {}

  private final KubernetesClient client;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final Map<String, String> reported = new ConcurrentHashMap<>();

  public UnusableObjects(
      KubernetesClient client, EventRecorder events, OperatorMetrics metrics, Clock clock) {
    this.client = client;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Why {@code r} cannot be used, or empty. */
  public static Optional<Problem> problem(CustomResource<?, ?> r) {
    Optional<String> unreadable = LenientResources.problem(r);
    if (unreadable.isPresent()) {
      return Optional.of(
          new Problem(
              ConditionReason.UNREADABLE,
              EventReason.Unreadable,
              "the operator cannot read this object ("
                  + unreadable.get()
                  + "); it is skipped until the object is fixed"));
    }
    if (r.getSpec() == null) {
      return Optional.of(
          new Problem(
              ConditionReason.SPEC_MISSING,
              EventReason.SpecMissing,
              "the object has no spec; it is skipped until one is set"));
    }
    return Optional.empty();
  }

  /**
   * Whether {@code r} is unusable; if so it has been reported (once per generation and problem).
   */
  public boolean skip(CustomResource<?, ?> r) {
    Optional<Problem> p = problem(r);
    if (p.isEmpty()) {
      reported.remove(uid(r));
      return false;
    }
    report(r, p.get());
    return true;
  }

  /** Forgets {@code r} (deleted). */
  public void forget(HasMetadata r) {
    reported.remove(uid(r));
  }

  private void report(CustomResource<?, ?> r, Problem p) {
    Long generation = r.getMetadata().getGeneration();
    String key = generation + "|" + p.reason() + "|" + p.message();
    if (key.equals(reported.get(uid(r)))) {
      return;
    }
    String name = r.getMetadata().getName();
    LOG.warn("{} {} skipped ({}): {}", r.getKind(), name, p.reason(), p.message());
    metrics.unusableObject(r.getKind(), p.reason().value());
    events.record(r, p.event(), p.message());
    try {
      client
          .genericKubernetesResources(context(r))
          .withName(name)
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON), statusPatch(p, generation));
      reported.put(uid(r), key);
    } catch (RuntimeException e) {
      metrics.apiError("patch", HasMetadata.getPlural(r.getClass()) + "/status");
      LOG.warn(
          "{} {}: writing the {} status failed: {}", r.getKind(), name, p.reason(), e.toString());
    }
  }

  /** A JSON patch replacing the whole status: counts of an unusable object mean nothing. */
  String statusPatch(Problem p, Long generation) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    ArrayNode conditions = f.arrayNode();
    conditions.add(condition(f, ConditionType.READY, "False", p, generation, now));
    conditions.add(condition(f, ConditionType.RECONCILING, "False", p, generation, now));
    conditions.add(condition(f, ConditionType.STALLED, "True", p, generation, now));
    ObjectNode status = f.objectNode();
    if (generation != null) {
      status.put("observedGeneration", generation);
    }
    status.set("conditions", conditions);
    ObjectNode op = f.objectNode();
    op.put("op", "add");
    op.put("path", "/status");
    op.set("value", status);
    return f.arrayNode().add(op).toString();
  }

  private static ObjectNode condition(
      JsonNodeFactory f,
      ConditionType type,
      String status,
      Problem p,
      Long generation,
      String now) {
    ObjectNode c = f.objectNode();
    c.put("type", type.value());
    c.put("status", status);
    c.put("reason", p.reason().value());
    c.put("message", p.message());
    c.put("lastTransitionTime", now);
    if (generation != null) {
      c.put("observedGeneration", generation);
    }
    return c;
  }

  private static ResourceDefinitionContext context(HasMetadata r) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(HasMetadata.getGroup(r.getClass()))
        .withVersion(HasMetadata.getVersion(r.getClass()))
        .withKind(HasMetadata.getKind(r.getClass()))
        .withPlural(HasMetadata.getPlural(r.getClass()))
        .withNamespaced(false)
        .build();
  }

  private static String uid(HasMetadata r) {
    String uid = r.getMetadata().getUid();
    return uid != null ? uid : r.getKind() + "/" + r.getMetadata().getName();
  }
}
