package org.openeuler.nestos.daemon.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.daemon.host.DirectoryWatch;
import org.openeuler.nestos.rubik.core.plan.Backend;
import org.openeuler.nestos.rubik.core.plan.CgroupWrite;
import org.openeuler.nestos.rubik.core.plan.Feature;

class ForeignWritesTest {

  static final String POD_A = "/sys/fs/cgroup/cpu/kubepods/besteffort/poda";
  static final String POD_B = "/sys/fs/cgroup/cpu/kubepods/besteffort/podb";
  static final long SECOND = 1_000_000_000L;

  /** A watch that holds directories in a set; {@code refuse} ones cannot be watched. */
  static final class SetWatch implements DirectoryWatch {
    final Set<String> dirs = new HashSet<>();
    final Set<String> refuse = new HashSet<>();

    @Override
    public boolean add(String directory) {
      return !refuse.contains(directory) && dirs.add(directory) | true;
    }

    @Override
    public void remove(String directory) {
      dirs.remove(directory);
    }

    @Override
    public Set<String> directories() {
      return Set.copyOf(dirs);
    }

    @Override
    public boolean active() {
      return true;
    }

    @Override
    public void close() {}
  }

  static CgroupWrite write(String dir, String pod, String file, String value) {
    return new CgroupWrite(
        pod, Feature.CPU_PREEMPTION, Backend.CPU_SHARES, dir + "/" + file, value);
  }

  final SetWatch watch = new SetWatch();
  final ForeignWrites writes = new ForeignWrites(watch);
  final CgroupWrite a = write(POD_A, "a", "cpu.shares", "2");
  final CgroupWrite b = write(POD_B, "b", "cpu.shares", "2");

  @Test
  void watchesExactlyTheDirectoriesOfTheWritesInEffect() {
    writes.track(List.of(a, b), List.of(), true, 0);
    assertThat(watch.dirs).containsExactlyInAnyOrder(POD_A, POD_B);
    assertThat(writes.complete()).isTrue();
    writes.track(List.of(b), List.of(), true, 0);
    assertThat(watch.dirs).containsExactly(POD_B);
  }

  @Test
  void aPodEventsPassWatchesTheDirectoriesItWroteAndAFullPassDropsDepartedOnes() {
    writes.track(List.of(a), List.of(a), true, 0);
    assertThat(watch.dirs).containsExactly(POD_A);
    // a pod event: b's first write; the walk over every pod's writes waits for a full pass
    writes.track(List.of(b), List.of(b), false, 0);
    assertThat(watch.dirs).containsExactlyInAnyOrder(POD_A, POD_B);
    assertThat(writes.podOf(b.file(), 10 * SECOND)).isEqualTo("b");
    writes.track(List.of(b), List.of(), true, 10 * SECOND);
    assertThat(watch.dirs).containsExactly(POD_B);
  }

  @Test
  void aDirectoryThatCannotBeWatchedMakesTheWatchIncomplete() {
    watch.refuse.add(POD_B);
    writes.track(List.of(a, b), List.of(), true, 0);
    assertThat(writes.complete()).as("the periodic pass must read the files").isFalse();
    watch.refuse.clear();
    writes.track(List.of(a, b), List.of(), true, 0);
    assertThat(writes.complete()).isTrue();
  }

  static final long MS = 1_000_000L;

  @Test
  void eventsJustAfterTheDaemonsOwnWriteAreItsOwn() {
    writes.track(List.of(a, b), List.of(a), true, 10 * SECOND);
    assertThat(writes.podOf(a.file(), 10 * SECOND + 10 * MS)).as("the truncation").isNull();
    assertThat(writes.podOf(a.file(), 10 * SECOND + 20 * MS)).as("the write").isNull();
    assertThat(writes.podOf(a.file(), 10 * SECOND + 300 * MS))
        .as("someone else's, later")
        .isEqualTo("a");
    assertThat(writes.podOf(b.file(), 10 * SECOND + 10 * MS))
        .as("a file the pass did not write")
        .isEqualTo("b");
    assertThat(writes.podOf(POD_A + "/cpu.cfs_quota_us", 30 * SECOND))
        .as("another file of a managed pod's directory")
        .isEqualTo("a");
    assertThat(writes.podOf("/sys/fs/cgroup/cpu/other/cpu.shares", 30 * SECOND)).isNull();
  }

  @Test
  void aPodIsCorrectedAtMostOnceInTenSecondsSoAnotherWriterIsNotFoughtFaster() {
    writes.track(List.of(a, b), List.of(), true, 0);
    assertThat(writes.recheckDelay("a", 100 * SECOND)).as("never corrected").isZero();
    assertThat(writes.recheckDelay("a", 101 * SECOND))
        .as("re-checks that found nothing are free")
        .isZero();
    writes.corrected(List.of(a.file()), 102 * SECOND);
    assertThat(writes.recheckDelay("a", 105 * SECOND)).isEqualTo(7 * SECOND);
    assertThat(writes.recheckDelay("a", 106 * SECOND)).as("already due").isEqualTo(-1);
    assertThat(writes.recheckDelay("b", 106 * SECOND)).as("other pods are not held").isZero();
    writes.corrected(List.of(a.file()), 112 * SECOND);
    assertThat(writes.recheckDelay("a", 113 * SECOND)).isEqualTo(9 * SECOND);
    assertThat(writes.recheckDelay("a", 130 * SECOND)).isZero();
  }

  @Test
  void withoutAWatchNothingIsTrackedAndThePeriodicPassReadsEverything() {
    ForeignWrites none = new ForeignWrites(DirectoryWatch.NONE);
    none.track(List.of(a), List.of(), true, 0);
    assertThat(none.complete()).isFalse();
    assertThat(none.podOf(a.file(), 0)).isNull();
  }
}
