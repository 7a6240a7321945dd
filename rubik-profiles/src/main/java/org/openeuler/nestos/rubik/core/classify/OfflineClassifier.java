package org.openeuler.nestos.rubik.core.classify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openeuler.nestos.api.Annotations;
import org.openeuler.nestos.api.v1alpha1.OfflineSelector;
import org.openeuler.nestos.rubik.core.classify.Classification.Reason;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;
import org.openeuler.nestos.rubik.core.model.QosClass;
import org.openeuler.nestos.rubik.core.plan.FieldError;

/**
 * Online/offline classification. rubik's rule ({@code pkg/core/typedef/podinfo.go Offline()}): annotation OR label
 * {@code volcano.sh/preemptable} equal to {@code "true"}. Beyond rubik: the RubikPolicy's pod and namespace
 * selectors, an explicit {@code "false"} annotation opting out of those selectors, and Guaranteed pods never offline.
 *
 * <p>Namespace labels are passed as a map namespace name -> labels (the daemon's namespace cache); the label
 * {@code kubernetes.io/metadata.name=<namespace>}, which the API server sets on every namespace, is always added.
 */
public final class OfflineClassifier {
  /** Label the API server puts on every namespace. */
  public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  private OfflineClassifier() { }

  /** Field errors of the policy's selectors (prefix {@code offline.}). */
  public static List<FieldError> validate(OfflineSelector selector) {
    List<FieldError> errors = new ArrayList<>();
    if (selector != null) {
      errors.addAll(LabelSelectors.validate(selector.podSelector(), "offline.podSelector"));
      errors.addAll(LabelSelectors.validate(selector.namespaceSelector(), "offline.namespaceSelector"));
    }
    return errors;
  }

  /** Classifies one pod; {@code selector} may be null (rubik's marker only). */
  public static Classification classify(PodSnapshot pod, OfflineSelector selector,
      Map<String, Map<String, String>> namespaceLabels) {
    Reason r = reason(pod, selector, namespaceLabels);
    return new Classification(pod.uid(), pod.namespace(), pod.name(), isOffline(r), r);
  }

  private static boolean isOffline(Reason r) {
    return switch (r) {
      case PREEMPTABLE_ANNOTATION, PREEMPTABLE_LABEL, POD_SELECTOR, NAMESPACE_SELECTOR -> true;
      default -> false;
    };
  }

  private static Reason reason(PodSnapshot pod, OfflineSelector selector,
      Map<String, Map<String, String>> namespaceLabels) {
    if (pod.qosClass() == QosClass.Guaranteed) {
      return Reason.GUARANTEED;
    }
    String anno = pod.annotations().get(Annotations.VOLCANO_PREEMPTABLE);
    if ("true".equals(anno)) {
      return Reason.PREEMPTABLE_ANNOTATION;
    }
    if ("true".equals(pod.labels().get(Annotations.VOLCANO_PREEMPTABLE))) {
      return Reason.PREEMPTABLE_LABEL;
    }
    if ("false".equals(anno)) {
      return Reason.EXPLICITLY_ONLINE;
    }
    if (selector != null && LabelSelectors.matches(selector.podSelector(), pod.labels())) {
      return Reason.POD_SELECTOR;
    }
    if (selector != null && selector.namespaceSelector() != null) {
      Map<String, String> ns = new HashMap<>(namespaceLabels == null ? Map.of()
          : namespaceLabels.getOrDefault(pod.namespace(), Map.of()));
      ns.put(NAMESPACE_NAME_LABEL, pod.namespace());
      if (LabelSelectors.matches(selector.namespaceSelector(), ns)) {
        return Reason.NAMESPACE_SELECTOR;
      }
    }
    return Reason.ONLINE;
  }
}
