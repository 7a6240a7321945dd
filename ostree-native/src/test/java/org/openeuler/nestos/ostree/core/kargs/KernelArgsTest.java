package org.openeuler.nestos.ostree.core.kargs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KernelArgsTest {

  @Test
  void procCmdlineStopsAtBareDoubleDash() {
    // The shape of this machine's /proc/cmdline (firecracker passes init arguments after "--").
    String cmdline =
        "console=ttyS0 reboot=k panic=1 pci=off root=/dev/vda rw -- --firecracker-init --x\n";
    assertThat(KernelArgs.parseProcCmdline(cmdline))
        .containsExactly("console=ttyS0", "reboot=k", "panic=1", "pci=off", "root=/dev/vda", "rw");
  }

  @Test
  void keepsQuotedValuesRepeatsAndOrder() {
    String cmdline =
        "BOOT_IMAGE=(hd0,gpt3)/ostree/nestos-1/vmlinuz  foo=\"a b  c\" console=tty0 console=ttyS0,115200n8 "
            + "hugepagesz=1G hugepages=4 hugepagesz=2M hugepages=512 quiet";
    assertThat(KernelArgs.parseProcCmdline(cmdline))
        .containsExactly(
            "BOOT_IMAGE=(hd0,gpt3)/ostree/nestos-1/vmlinuz",
            "foo=\"a b  c\"",
            "console=tty0",
            "console=ttyS0,115200n8",
            "hugepagesz=1G",
            "hugepages=4",
            "hugepagesz=2M",
            "hugepages=512",
            "quiet");
  }

  @Test
  void doubleDashInsideAValueIsNotTheEnd() {
    assertThat(KernelArgs.parseProcCmdline("a=--x b=\"-- y\" -- c"))
        .containsExactly("a=--x", "b=\"-- y\"");
    assertThat(KernelArgs.parseProcCmdline("")).isEmpty();
    assertThat(KernelArgs.parseProcCmdline("-- only init")).isEmpty();
  }

  @Test
  void keysAndTokens() {
    assertThat(KernelArgs.key("console=ttyS0")).isEqualTo("console");
    assertThat(KernelArgs.key("quiet")).isEqualTo("quiet");
    assertThat(KernelArgs.key("a==b")).isEqualTo("a");
    assertThat(KernelArgs.isToken("foo=\"a b\"")).isTrue();
    assertThat(KernelArgs.isToken("foo=a b")).isFalse();
    assertThat(KernelArgs.isToken("foo=\"a")).isFalse();
    assertThat(KernelArgs.isToken("")).isFalse();
    assertThat(KernelArgs.isToken("--")).isFalse();
    assertThat(KernelArgs.join(List.of("a", "b=c"))).isEqualTo("a b=c");
  }
}
