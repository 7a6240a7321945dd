package org.openeuler.nestos.daemon.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openeuler.nestos.daemon.core.cgroup.CgroupOriginals;
import org.openeuler.nestos.daemon.core.cgroup.CgroupOriginals.Original;
import org.openeuler.nestos.daemon.host.RootedHostFs;
import org.openeuler.nestos.rubik.core.plan.Backend;
import org.openeuler.nestos.rubik.core.plan.Feature;

/**
 * The cgroup checkpoint as an append-only journal on a real filesystem: a new pod's originals are
 * one appended line (the file is not rewritten), a power loss's torn last line is dropped, removals
 * compact it, and a checkpoint written by an earlier daemon (format 1) still loads.
 */
class CheckpointJournalTest {
  @TempDir Path root;

  static Original o(String pod, String file, String value) {
    return new Original(pod, Feature.CPU_PREEMPTION, Backend.CPU_IDLE, file, value, "1");
  }

  Path file() {
    return root.resolve(CheckpointStore.DEFAULT_PATH.substring(1));
  }

  @Test
  void newOriginalsAreAppendedAndATornLastLineIsDropped() throws IOException {
    RootedHostFs fs = new RootedHostFs(root);
    fs.createDirectories("/var/lib/nestos");
    CheckpointStore store = new CheckpointStore(fs);
    CgroupOriginals none = store.load();
    store.add(none, List.of(o("a", "/cg/a/cpu.idle", "0")));
    CgroupOriginals one = none.with(List.of(o("a", "/cg/a/cpu.idle", "0")));
    String first = Files.readString(file());
    store.add(one, List.of(o("b", "/cg/b/cpu.idle", "0"), o("b", "/cg/b/c/cpu.idle", "0")));
    String after = Files.readString(file());
    // appended, not rewritten: the first bytes are untouched, one line per original
    assertThat(after).startsWith(first);
    assertThat(after.lines()).hasSize(4).first().isEqualTo("{\"version\":2}");
    assertThat(new CheckpointStore(fs).load().originals())
        .extracting(Original::file)
        .containsExactly("/cg/a/cpu.idle", "/cg/b/cpu.idle", "/cg/b/c/cpu.idle");

    // a power loss during the next append: half a line, no newline
    Files.writeString(
        file(),
        after + "{\"podUid\":\"c\",\"fea",
        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
    CheckpointStore afterPowerLoss = new CheckpointStore(fs);
    CgroupOriginals three = afterPowerLoss.load();
    assertThat(three.originals()).hasSize(3);
    // the next pod after the restart: the torn line is compacted away, not glued to the new one
    afterPowerLoss.add(three, List.of(o("d", "/cg/d/cpu.idle", "0")));
    assertThat(new CheckpointStore(fs).load().originals())
        .extracting(Original::podUid)
        .containsExactly("a", "b", "b", "d");
    after = Files.readString(file());

    // damage anywhere else is an error, never an empty checkpoint
    Files.writeString(
        file(), "{\"version\":2}\n{broken\n" + after.lines().skip(1).findFirst().get() + "\n");
    assertThatThrownBy(() -> new CheckpointStore(fs).load())
        .hasMessageContaining("corrupt cgroup checkpoint")
        .hasMessageContaining("line 2");
  }

  @Test
  void removalsCompactAndAFormatOneFileStillLoads() throws IOException {
    RootedHostFs fs = new RootedHostFs(root);
    fs.createDirectories("/var/lib/nestos");
    Files.writeString(
        file(),
        "{\"version\":1,\"originals\":[{\"podUid\":\"a\",\"feature\":\"CPU_PREEMPTION\","
            + "\"backend\":\"CPU_IDLE\",\"file\":\"/cg/a/cpu.idle\",\"value\":\"0\",\"written\":\"1\"}]}\n");
    CheckpointStore store = new CheckpointStore(fs);
    CgroupOriginals old = store.load();
    assertThat(old.originals()).extracting(Original::file).containsExactly("/cg/a/cpu.idle");
    // the next addition rewrites it as a journal (format 1 cannot be appended to)
    store.add(old, List.of(o("b", "/cg/b/cpu.idle", "0")));
    assertThat(Files.readString(file())).startsWith("{\"version\":2}\n");
    CgroupOriginals both = new CheckpointStore(fs).load();
    assertThat(both.originals()).hasSize(2);
    store.save(both.withoutPods(List.of("a")));
    assertThat(Files.readString(file()).lines()).hasSize(2);
    assertThat(new CheckpointStore(fs).load().originals())
        .extracting(Original::podUid)
        .containsExactly("b");
  }
}
