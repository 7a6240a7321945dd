package org.openeuler.nestos.rubik.core.classify;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openeuler.nestos.api.Annotations;
import org.openeuler.nestos.api.v1alpha1.OfflineSelector;
import org.openeuler.nestos.rubik.core.classify.Classification.Reason;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;
import org.openeuler.nestos.rubik.core.model.QosClass;
import org.openeuler.nestos.rubik.core.plan.FieldError;

/**
 * Online/offline classification. rubik's rule ({@code pkg/core/typedef/podinfo.go Offline()}):
 * annotation OR label {@code volcano.sh/preemptable} equal to {@code "true"}. Beyond rubik: the
 * RubikPolicy's pod and namespace selectors, an explicit {@code "false"} annotation opting out of
 * those selectors, Guaranteed pods never offline, and {@link SystemPods system pods} never offline
 * unless the policy sets {@code offline.includeSystemPods} (whatever marks them).
 *
 * <p>The namespace selector is normally resolved by the operator, which watches Namespaces (the
 * daemon does not): the rendered profile's {@code offlineNamespaces} lists the matching namespace
 * names, and a pod in one of them is offline. Without that list (a profile rendered by an operator
 * that predates it) the selector is evaluated here against a map namespace name -> labels; the
 * label {@code kubernetes.io/metadata.name=<namespace>}, which the API server sets on every
 * namespace, is always added ({@link #namespaceMatches}, the rule the operator uses too).
 */
public final class OfflineClassifier {
  /** Label the API server puts on every namespace. */
  public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  private OfflineClassifier() {}

  /** Field errors of the policy's selectors (prefix {@code offline.}). */
  public static List<FieldError> validate(OfflineSelector selector) {
    List<FieldError> errors = new ArrayList<>();
    if (selector != null) {
      errors.addAll(LabelSelectors.validate(selector.podSelector(), "offline.podSelector"));
      errors.addAll(
          LabelSelectors.validate(selector.namespaceSelector(), "offline.namespaceSelector"));
    }
    return errors;
  }

  /** Classifies one pod; {@code selector} may be null (rubik's marker only). */
  public static Classification classify(
      PodSnapshot pod, OfflineSelector selector, Map<String, Map<String, String>> namespaceLabels) {
    return classify(pod, selector, null, namespaceLabels);
  }

  /**
   * Classifies one pod; {@code selector} may be null (rubik's marker only). {@code
   * offlineNamespaces} is the operator's resolution of the selector's {@code namespaceSelector};
   * when non-null it decides alone and {@code namespaceLabels} is not read.
   */
  public static Classification classify(
      PodSnapshot pod,
      OfflineSelector selector,
      Set<String> offlineNamespaces,
      Map<String, Map<String, String>> namespaceLabels) {
    return classify(pod, selector, offlineNamespaces, namespaceLabels, SystemPods.defaults());
  }

  /**
   * Classifies one pod with the node's {@code systemPods} (the default system namespaces plus the
   * operator's own); see {@link #classify(PodSnapshot, OfflineSelector, Set, Map)}.
   */
  public static Classification classify(
      PodSnapshot pod,
      OfflineSelector selector,
      Set<String> offlineNamespaces,
      Map<String, Map<String, String>> namespaceLabels,
      SystemPods systemPods) {
    Reason r = reason(pod, selector, offlineNamespaces, namespaceLabels, systemPods);
    return new Classification(pod.uid(), pod.namespace(), pod.name(), isOffline(r), r);
  }

  /**
   * Whether {@code namespaceSelector} selects namespace {@code name} with {@code labels}; the label
   * {@code kubernetes.io/metadata.name=<name>} is implied. A null selector selects nothing.
   */
  public static boolean namespaceMatches(
      LabelSelector namespaceSelector, String name, Map<String, String> labels) {
    if (namespaceSelector == null) {
      return false;
    }
    if (labels != null && name.equals(labels.get(NAMESPACE_NAME_LABEL))) {
      return LabelSelectors.matches(namespaceSelector, labels);
    }
    Map<String, String> ns = new HashMap<>(labels == null ? Map.of() : labels);
    ns.put(NAMESPACE_NAME_LABEL, name);
    return LabelSelectors.matches(namespaceSelector, ns);
  }

  private static boolean isOffline(Reason r) {
    return switch (r) {
      case PREEMPTABLE_ANNOTATION, PREEMPTABLE_LABEL, POD_SELECTOR, NAMESPACE_SELECTOR -> true;
      default -> false;
    };
  }

  private static Reason reason(
      PodSnapshot pod,
      OfflineSelector selector,
      Set<String> offlineNamespaces,
      Map<String, Map<String, String>> namespaceLabels,
      SystemPods systemPods) {
    if (pod.qosClass() == QosClass.Guaranteed) {
      return Reason.GUARANTEED;
    }
    if ((selector == null || !selector.systemPodsIncluded()) && systemPods.contains(pod)) {
      return Reason.SYSTEM_POD;
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
      boolean matched =
          offlineNamespaces != null
              ? offlineNamespaces.contains(pod.namespace())
              : namespaceMatches(
                  selector.namespaceSelector(),
                  pod.namespace(),
                  namespaceLabels == null ? null : namespaceLabels.get(pod.namespace()));
      if (matched) {
        return Reason.NAMESPACE_SELECTOR;
      }
    }
    return Reason.ONLINE;
  }
}
