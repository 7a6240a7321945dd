package org.openeuler.nestos.daemon.agent;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openeuler.nestos.daemon.kube.PodView;
import org.openeuler.nestos.rubik.core.model.ContainerSnapshot;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;
import org.openeuler.nestos.rubik.core.model.QosClass;

/** Kubernetes pods (from the daemon's own pod watch) as the QoS planner sees them. Pure. */
public final class PodSnapshots {

  private PodSnapshots() {}

  public static PodSnapshot of(PodView pod) {
    Map<String, String> ids = new HashMap<>();
    PodView.Status status = pod.status();
    if (status != null && status.containerStatuses() != null) {
      for (PodView.ContainerStatus cs : status.containerStatuses()) {
        if (cs.containerID() != null && !cs.containerID().isEmpty()) {
          ids.put(cs.name(), cs.containerID());
        }
      }
    }
    List<ContainerSnapshot> containers = new ArrayList<>();
    for (PodView.Container c : containers(pod)) {
      Map<String, String> limits = limits(c);
      Long quota = null;
      if (limits.get("cpu") != null) {
        BigDecimal cores = amount(limits.get("cpu"));
        quota =
            cores.multiply(BigDecimal.valueOf(ContainerSnapshot.DEFAULT_PERIOD_MICROS)).longValue();
      }
      Long memory = limits.get("memory") == null ? null : amount(limits.get("memory")).longValue();
      containers.add(
          new ContainerSnapshot(
              c.name(),
              ids.get(c.name()),
              quota,
              quota == null ? null : ContainerSnapshot.DEFAULT_PERIOD_MICROS,
              memory));
    }
    PodView.Metadata meta = pod.metadata();
    PodView.Spec spec = pod.spec();
    return new PodSnapshot(
        meta.uid(),
        meta.namespace(),
        meta.name(),
        qosClass(pod),
        meta.labels(),
        meta.annotations(),
        containers,
        status == null || status.phase() == null ? "Pending" : status.phase(),
        spec == null ? null : spec.priorityClassName(),
        spec == null ? null : spec.priority());
  }

  /**
   * {@code status.qosClass} when the kubelet set it, else computed from requests and limits as the
   * kubelet does.
   */
  public static QosClass qosClass(PodView pod) {
    if (pod.status() != null && pod.status().qosClass() != null) {
      try {
        return QosClass.valueOf(pod.status().qosClass());
      } catch (IllegalArgumentException e) {
        // fall through to computing it
      }
    }
    boolean any = false;
    boolean guaranteed = true;
    List<PodView.Container> all = containers(pod);
    for (PodView.Container c : all) {
      Map<String, String> req =
          c.resources() == null || c.resources().requests() == null
              ? Map.of()
              : c.resources().requests();
      Map<String, String> lim = limits(c);
      any |= !req.isEmpty() || !lim.isEmpty();
      for (String r : List.of("cpu", "memory")) {
        String l = lim.get(r);
        String q = req.getOrDefault(r, l);
        if (l == null || q == null || amount(l).compareTo(amount(q)) != 0) {
          guaranteed = false;
        }
      }
    }
    if (!any) {
      return QosClass.BestEffort;
    }
    return guaranteed && !all.isEmpty() ? QosClass.Guaranteed : QosClass.Burstable;
  }

  private static List<PodView.Container> containers(PodView pod) {
    return pod.spec() == null || pod.spec().containers() == null
        ? List.of()
        : pod.spec().containers();
  }

  private static Map<String, String> limits(PodView.Container c) {
    return c.resources() == null || c.resources().limits() == null
        ? Map.of()
        : c.resources().limits();
  }

  /** A resource quantity ("250m", "1Gi", "2") as a number of cores or bytes. */
  static BigDecimal amount(String quantity) {
    return new Quantity(quantity).getNumericalAmount();
  }
}
