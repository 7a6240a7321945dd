package org.openeuler.nestos.daemon.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RootedHostFsTest {

  @TempDir Path root;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "relative/path",
        "/../etc/passwd",
        "/a/../../etc",
        "/a/./b",
        "/a//b",
        "",
        "/a/..",
        "/x\0y"
      })
  void refusesPathsThatAreNotPlainAbsolute(String path) {
    RootedHostFs fs = new RootedHostFs(root);
    assertThatThrownBy(() -> fs.resolve(path)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> fs.read(path)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resolvesUnderTheRoot() {
    RootedHostFs fs = new RootedHostFs(root);
    assertThat(fs.resolve("/sys/fs/cgroup/cpu")).isEqualTo(root.resolve("sys/fs/cgroup/cpu"));
    assertThat(fs.resolve("/")).isEqualTo(root);
    assertThat(fs.resolve("/etc/")).isEqualTo(root.resolve("etc"));
  }

  @Test
  void readWriteListDelete() throws Exception {
    RootedHostFs fs = new RootedHostFs(root);
    assertThat(fs.read("/proc/sys/vm/swappiness")).isEmpty();
    assertThat(fs.list("/proc/sys")).isEmpty();
    fs.createDirectories("/proc/sys/vm");
    Files.writeString(root.resolve("proc/sys/vm/swappiness"), "60\n");
    fs.write("/proc/sys/vm/swappiness", "10");
    assertThat(fs.read("/proc/sys/vm/swappiness")).contains("10");
    assertThat(fs.exists("/proc/sys/vm/swappiness")).isTrue();
    assertThat(fs.isWritable("/proc/sys/vm/swappiness")).isTrue();
    assertThat(fs.list("/proc/sys/vm")).containsExactly("swappiness");
    fs.delete("/proc/sys/vm/swappiness");
    fs.delete("/proc/sys/vm/swappiness");
    fs.delete("/proc/sys/vm");
    assertThat(fs.exists("/proc/sys/vm")).isFalse();
  }

  @Test
  void writeDoesNotCreateFiles() {
    RootedHostFs fs = new RootedHostFs(root);
    assertThatThrownBy(() -> fs.write("/sys/fs/cgroup/cpu/gone/cpu.idle", "1"))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void writeAtomicallyReplacesAndLeavesNoTempFiles() throws Exception {
    RootedHostFs fs = new RootedHostFs(root);
    fs.writeAtomically("/var/lib/nestos/state.json", "{\"a\":1}");
    fs.writeAtomically("/var/lib/nestos/state.json", "{\"a\":2}");
    assertThat(fs.read("/var/lib/nestos/state.json")).contains("{\"a\":2}");
    assertThat(fs.list("/var/lib/nestos")).containsExactly("state.json");
  }

  @Test
  void leftoverTempFilesOfAKilledWriteAreRemovedByTheNextWrite() throws Exception {
    RootedHostFs fs = new RootedHostFs(root);
    Path dir = Files.createDirectories(root.resolve("var/lib/nestos"));
    // a process killed between creating its temp file and the rename leaves these behind
    Path torn = Files.writeString(dir.resolve(".update-state.json.tmp-1f2e3d4c5b6a7988"), "{\"ver");
    Path empty = Files.writeString(dir.resolve(".update-state.json.tmp-00000000000000ff"), "");
    Path other = Files.writeString(dir.resolve(".sysctl-originals.json.tmp-0123456789abcdef"), "x");
    Path unrelated = Files.writeString(dir.resolve("update-state.json.tmp-notours"), "keep");
    fs.writeAtomically("/var/lib/nestos/update-state.json", "{}");
    assertThat(torn).doesNotExist();
    assertThat(empty).doesNotExist();
    assertThat(other).as("another file's temp is left to that file's writer").exists();
    assertThat(unrelated).exists();
    fs.replace("/var/lib/nestos/sysctl-originals.json", "{}");
    assertThat(other).doesNotExist();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "update-state.json", "sysctl-originals.json", "update-state.json.tmp-notours");
    }
  }
}
