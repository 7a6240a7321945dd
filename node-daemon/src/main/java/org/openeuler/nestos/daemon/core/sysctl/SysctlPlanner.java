package org.openeuler.nestos.daemon.core.sysctl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pure planning of one sysctl pass from the desired set, the live values, the checkpoint of
 * originals and the persisted file (which, with the checkpoint, tells what was the project's after
 * a restart). Values are compared as the kernel prints them ({@link SysctlKeys#sameValue}), so an
 * unchanged input plans no writes: planning the result of a successful pass again gives an empty
 * plan with the same persisted content.
 */
public final class SysctlPlanner {

  private SysctlPlanner() {}

  /**
   * @param desired a validated desired set ({@link SysctlValidator} found no errors)
   * @param current live values by key for the desired keys and for the keys in checkpoint or
   *     persisted (absent: the key does not exist or could not be read)
   * @param checkpoint the stored originals
   * @param persisted key to value of the stored sysctl.d file
   */
  public static SysctlPlan plan(
      List<DesiredSysctl> desired,
      Map<String, String> current,
      Checkpoint checkpoint,
      Map<String, String> persisted) {
    List<DesiredSysctl> sorted =
        desired.stream().sorted(Comparator.comparing(DesiredSysctl::name)).toList();
    Map<String, String> originals = checkpoint.originals();
    List<SysctlWrite> writes = new ArrayList<>();
    Map<String, String> additions = new TreeMap<>();
    List<String> drifted = new ArrayList<>();
    Set<String> desiredKeys = new LinkedHashSet<>();
    for (DesiredSysctl d : sorted) {
      desiredKeys.add(d.name());
      String live = current.get(d.name());
      if (!originals.containsKey(d.name()) && live != null) {
        additions.put(d.name(), live.strip());
      }
      if (!SysctlKeys.sameValue(live, d.value())) {
        writes.add(new SysctlWrite(d.name(), d.writeValue(), live));
        String was = persisted.get(d.name());
        if (originals.containsKey(d.name()) && SysctlKeys.sameValue(was, d.value())) {
          drifted.add(d.name());
        }
      }
    }

    Set<String> candidates = new TreeSet<>(originals.keySet());
    candidates.addAll(persisted.keySet());
    candidates.removeAll(desiredKeys);
    List<SysctlWrite> restores = new ArrayList<>();
    Set<String> released = new TreeSet<>();
    List<SysctlFinding> findings = new ArrayList<>();
    for (String key : candidates) {
      released.add(key);
      String original = originals.get(key);
      String live = current.get(key);
      if (original == null) {
        findings.add(
            new SysctlFinding(
                key,
                SysctlReason.NO_ORIGINAL,
                "no policy sets this key any more but its original value is unknown; left at "
                    + live));
      } else if (live == null) {
        findings.add(
            new SysctlFinding(
                key,
                SysctlReason.NOT_FOUND,
                "no policy sets this key any more and it no longer exists; nothing to restore"));
      } else if (!SysctlKeys.sameValue(live, original)) {
        restores.add(new SysctlWrite(key, original, live));
      }
    }

    Map<String, String> before = new HashMap<>(originals);
    before.putAll(additions);
    Map<String, String> after = new HashMap<>(before);
    after.keySet().removeAll(released);
    String file = sorted.isEmpty() ? null : PersistedFile.render(sorted);
    return new SysctlPlan(
        writes,
        restores,
        additions,
        released,
        drifted,
        findings,
        file,
        new Checkpoint(before),
        new Checkpoint(after));
  }
}
