package org.openeuler.nestos.daemon.core.sysctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Any sequence of desired sets: each pass is idempotent and ending with nothing restores every
 * original.
 */
class SysctlPlannerPropertiesTest {

  static final List<String> KEYS = List.of("vm.a", "vm.b", "net.c", "kernel.d");

  @Property(tries = 300)
  void passesAreIdempotentAndRestoreOriginals(
      @ForAll @Size(max = 6)
          List<@Size(max = 4) List<@IntRange(min = 0, max = 3) Integer>> passes) {
    Map<String, String> originals =
        Map.of("vm.a", "1", "vm.b", "2 3", "net.c", "4\t5", "kernel.d", "6");
    Map<String, String> live = new HashMap<>(originals);
    Checkpoint checkpoint = Checkpoint.empty();
    Map<String, String> persisted = Map.of();
    List<List<Integer>> all = new ArrayList<>(passes);
    all.add(List.of());
    for (List<Integer> pass : all) {
      List<DesiredSysctl> desired = new ArrayList<>();
      pass.stream()
          .distinct()
          .forEach(i -> desired.add(DesiredSysctl.of(KEYS.get(i), "v" + i + " " + pass.size())));
      SysctlPlan plan = SysctlPlanner.plan(desired, live, checkpoint, persisted);
      plan.liveWrites().forEach(w -> live.put(w.name(), w.value()));
      checkpoint = plan.checkpointAfter();
      persisted = PersistedFile.parse(plan.persisted());
      SysctlPlan again = SysctlPlanner.plan(desired, live, checkpoint, persisted);
      assertThat(again.liveWrites()).isEmpty();
      assertThat(again.checkpointAfter()).isEqualTo(checkpoint);
      desired.forEach(
          d -> assertThat(SysctlKeys.sameValue(live.get(d.name()), d.value())).isTrue());
    }
    originals.forEach((k, v) -> assertThat(SysctlKeys.sameValue(live.get(k), v)).as(k).isTrue());
    assertThat(checkpoint.isEmpty()).isTrue();
    assertThat(persisted).isEmpty();
  }
}
