package org.openeuler.nestos.daemon.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openeuler.nestos.daemon.host.DirectoryWatch;
import org.openeuler.nestos.daemon.host.RootedHostFs;

/**
 * The daemon's drift watch on this machine's real cgroup v1 tree: the kernel reports a write to a
 * pod's {@code cpu.shares} (what systemd's daemon-reload and the kubelet's resize do) through
 * inotify; the watch of a removed pod cgroup is removed without error.
 */
class CgroupWriteWatchIT {

  @Test
  void aWriteToARealCgroupFileIsReportedAndARemovedCgroupsWatchIsDropped() throws Exception {
    assumeTrue(
        RealCgroupTree.available(), "needs root and a cgroup v1 cpu hierarchy with cpu.idle");
    BlockingQueue<String> written = new LinkedBlockingQueue<>();
    try (RealCgroupTree tree = new RealCgroupTree("nestos-watch-it");
        DirectoryWatch watch =
            new RootedHostFs(Path.of("/"))
                .watch(
                    new DirectoryWatch.Listener() {
                      @Override
                      public void written(String file) {
                        written.add(file);
                      }

                      @Override
                      public void overflowed() {
                        written.add("overflow");
                      }
                    })) {
      String pod = tree.pod("5f1c2a9e-0000-4000-8000-00000000000w", "ctr1");
      assertThat(watch.add(pod)).isTrue();
      assertThat(watch.add(pod + "/no-such-cgroup")).as("a cgroup that is gone").isFalse();

      Files.writeString(Path.of(pod, "cpu.shares"), "102");

      assertThat(written.poll(5, TimeUnit.SECONDS)).isEqualTo(pod + "/cpu.shares");
      // the kernel may report the truncation and the write apart: only that file, nothing else
      for (String more; (more = written.poll(300, TimeUnit.MILLISECONDS)) != null; ) {
        assertThat(more).isEqualTo(pod + "/cpu.shares");
      }
      assertThat(RealCgroupTree.get(pod + "/cpu.shares")).isEqualTo("102");

      // cgroupfs does not end a watch when the cgroup goes (no IN_IGNORED): the daemon removes the
      // watch of a departed pod itself (ForeignWrites.track)
      Files.delete(Path.of(pod, "ctr1"));
      Files.delete(Path.of(pod));
      watch.remove(pod);
      assertThat(watch.directories()).doesNotContain(pod);
    }
  }
}
