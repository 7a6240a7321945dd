package org.openeuler.nestos.rubik.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.api.v1alpha1.RubikFeatures;
import org.openeuler.nestos.rubik.core.model.CgroupDriver;
import org.openeuler.nestos.rubik.core.model.CgroupVersion;
import org.openeuler.nestos.rubik.core.model.NodeCapabilities;

/**
 * rubik docs/feature.md (vm.memcg_qos_enable, cgroup1_writeback) and docs/design/psi.md (psi=1
 * psi_v1=1).
 */
class PrerequisitesTest {
  static final RubikFeatures ALL = new RubikFeatures(true, true, true, true, true, true);

  @Test
  void perFeatureNodeIndependent() {
    assertThat(Prerequisites.required(ALL))
        .extracting(Prerequisite::display)
        .containsExactly(
            "sysctl vm.memcg_qos_enable=1",
            "karg cgroup1_writeback",
            "karg psi=1",
            "karg psi_v1=1");
    assertThat(Prerequisites.required(new RubikFeatures(true, false, true, false, false, false)))
        .isEmpty();
  }

  @Test
  void perNodeAndMissing() {
    var oe =
        new NodeCapabilities(
            CgroupVersion.V1,
            CgroupDriver.CGROUPFS,
            null,
            Map.of("memory", Set.of("memory.qos_level")),
            Map.of("vm.memcg_qos_enable", "0\n"),
            Set.of("psi=1"),
            false,
            false);
    List<Prerequisite> req = Prerequisites.required(ALL, oe);
    assertThat(req).hasSize(4);
    assertThat(Prerequisites.missing(req, oe))
        .extracting(Prerequisite::name)
        .containsExactly("vm.memcg_qos_enable", "cgroup1_writeback", "psi_v1=1");
    var v2 = Fixtures.upstreamV2();
    assertThat(Prerequisites.required(ALL, v2))
        .extracting(Prerequisite::name)
        .containsExactly("psi=1");
  }
}
