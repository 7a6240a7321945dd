package org.openeuler.nestos.daemon.agent;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openeuler.nestos.rubik.core.model.ContainerSnapshot;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;
import org.openeuler.nestos.rubik.core.model.QosClass;

/** Kubernetes pods (from the daemon's own pod watch) as the QoS planner sees them. Pure. */
public final class PodSnapshots {

  private PodSnapshots() {}

  public static PodSnapshot of(Pod pod) {
    Map<String, String> ids = new HashMap<>();
    if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
        if (cs.getContainerID() != null && !cs.getContainerID().isEmpty()) {
          ids.put(cs.getName(), cs.getContainerID());
        }
      }
    }
    List<ContainerSnapshot> containers = new ArrayList<>();
    List<Container> specs =
        pod.getSpec() == null || pod.getSpec().getContainers() == null
            ? List.of()
            : pod.getSpec().getContainers();
    for (Container c : specs) {
      Map<String, Quantity> limits =
          c.getResources() == null || c.getResources().getLimits() == null
              ? Map.of()
              : c.getResources().getLimits();
      Long quota = null;
      if (limits.get("cpu") != null) {
        BigDecimal cores = limits.get("cpu").getNumericalAmount();
        quota =
            cores.multiply(BigDecimal.valueOf(ContainerSnapshot.DEFAULT_PERIOD_MICROS)).longValue();
      }
      Long memory =
          limits.get("memory") == null
              ? null
              : limits.get("memory").getNumericalAmount().longValue();
      containers.add(
          new ContainerSnapshot(
              c.getName(),
              ids.get(c.getName()),
              quota,
              quota == null ? null : ContainerSnapshot.DEFAULT_PERIOD_MICROS,
              memory));
    }
    var meta = pod.getMetadata();
    return new PodSnapshot(
        meta.getUid(),
        meta.getNamespace(),
        meta.getName(),
        qosClass(pod),
        meta.getLabels(),
        meta.getAnnotations(),
        containers,
        pod.getStatus() == null || pod.getStatus().getPhase() == null
            ? "Pending"
            : pod.getStatus().getPhase(),
        pod.getSpec() == null ? null : pod.getSpec().getPriorityClassName(),
        pod.getSpec() == null ? null : pod.getSpec().getPriority());
  }

  /**
   * {@code status.qosClass} when the kubelet set it, else computed from requests and limits as the
   * kubelet does.
   */
  public static QosClass qosClass(Pod pod) {
    if (pod.getStatus() != null && pod.getStatus().getQosClass() != null) {
      try {
        return QosClass.valueOf(pod.getStatus().getQosClass());
      } catch (IllegalArgumentException e) {
        // fall through to computing it
      }
    }
    boolean any = false;
    boolean guaranteed = true;
    List<Container> all =
        pod.getSpec() == null || pod.getSpec().getContainers() == null
            ? List.of()
            : pod.getSpec().getContainers();
    for (Container c : all) {
      Map<String, Quantity> req =
          c.getResources() == null || c.getResources().getRequests() == null
              ? Map.of()
              : c.getResources().getRequests();
      Map<String, Quantity> lim =
          c.getResources() == null || c.getResources().getLimits() == null
              ? Map.of()
              : c.getResources().getLimits();
      any |= !req.isEmpty() || !lim.isEmpty();
      for (String r : List.of("cpu", "memory")) {
        Quantity l = lim.get(r);
        Quantity q = req.getOrDefault(r, l);
        if (l == null
            || q == null
            || l.getNumericalAmount().compareTo(q.getNumericalAmount()) != 0) {
          guaranteed = false;
        }
      }
    }
    if (!any) {
      return QosClass.BestEffort;
    }
    return guaranteed && !all.isEmpty() ? QosClass.Guaranteed : QosClass.Burstable;
  }
}
