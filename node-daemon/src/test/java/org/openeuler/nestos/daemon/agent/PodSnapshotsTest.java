package org.openeuler.nestos.daemon.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.daemon.kube.PodView;
import org.openeuler.nestos.rubik.core.model.ContainerSnapshot;
import org.openeuler.nestos.rubik.core.model.PodSnapshot;
import org.openeuler.nestos.rubik.core.model.QosClass;

/** Pods as the API server sends them, read as the daemon reads them, as the planner sees them. */
class PodSnapshotsTest {

  private static PodView asSent(Pod pod) throws Exception {
    return new ObjectMapper().readValue(Serialization.asJson(pod), PodView.class);
  }

  private static PodBuilder pod(String... limitsAndRequests) {
    ContainerBuilder c = new ContainerBuilder().withName("app").withImage("app:1");
    c.withNewResources()
        .addToLimits(limits(limitsAndRequests[0]))
        .addToRequests(limits(limitsAndRequests[1]))
        .endResources();
    return new PodBuilder()
        .withNewMetadata()
        .withName("p")
        .withNamespace("batch")
        .withUid("uid-1")
        .addToLabels("app", "x")
        .addToAnnotations("volcano.sh/preemptable", "true")
        .endMetadata()
        .withNewSpec()
        .withNodeName("n1")
        .withPriorityClassName("low")
        .withPriority(-10)
        .withContainers(c.build())
        .endSpec();
  }

  private static Map<String, Quantity> limits(String spec) {
    if (spec.isEmpty()) {
      return Map.of();
    }
    String[] cpuMem = spec.split(",");
    return Map.of("cpu", new Quantity(cpuMem[0]), "memory", new Quantity(cpuMem[1]));
  }

  @Test
  void aPodsIdentityContainersLimitsAndIdsReachThePlanner() throws Exception {
    Pod pod =
        pod("500m,1Gi", "250m,512Mi")
            .withNewStatus()
            .withPhase("Running")
            .addNewContainerStatus()
            .withName("app")
            .withContainerID("containerd://abc")
            .endContainerStatus()
            .endStatus()
            .build();
    PodSnapshot s = PodSnapshots.of(asSent(pod));
    assertThat(s.uid()).isEqualTo("uid-1");
    assertThat(s.namespace()).isEqualTo("batch");
    assertThat(s.name()).isEqualTo("p");
    assertThat(s.labels()).containsEntry("app", "x");
    assertThat(s.annotations()).containsEntry("volcano.sh/preemptable", "true");
    assertThat(s.phase()).isEqualTo("Running");
    assertThat(s.priorityClassName()).isEqualTo("low");
    assertThat(s.priority()).isEqualTo(-10);
    assertThat(s.qosClass()).isEqualTo(QosClass.Burstable);
    assertThat(s.containers())
        .containsExactly(
            new ContainerSnapshot(
                "app",
                "containerd://abc",
                ContainerSnapshot.DEFAULT_PERIOD_MICROS / 2,
                ContainerSnapshot.DEFAULT_PERIOD_MICROS,
                1024L * 1024 * 1024));
  }

  @Test
  void theQosClassIsTheKubeletsOrComputedAsTheKubeletDoes() throws Exception {
    assertThat(PodSnapshots.of(asSent(pod("1,1Gi", "1000m,1024Mi").build())).qosClass())
        .isEqualTo(QosClass.Guaranteed);
    assertThat(PodSnapshots.of(asSent(pod("", "").build())).qosClass())
        .isEqualTo(QosClass.BestEffort);
    assertThat(PodSnapshots.of(asSent(pod("", "100m,64Mi").build())).qosClass())
        .isEqualTo(QosClass.Burstable);
    Pod reported = pod("", "").withNewStatus().withQosClass("Guaranteed").endStatus().build();
    assertThat(PodSnapshots.of(asSent(reported)).qosClass()).isEqualTo(QosClass.Guaranteed);
    assertThat(PodSnapshots.of(asSent(reported)).phase()).isEqualTo("Pending");
  }
}
