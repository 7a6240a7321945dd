package org.openeuler.nestos.daemon.core.sysctl;

import java.util.List;

/**
 * The shared table of sysctl names and values with the expected admission verdict: the daemon's
 * {@link SysctlRules} and the NodeConfig CRD (pattern, lengths, CEL deny-lists) must both give it.
 */
final class SysctlNameTable {

  /**
   * One name/value and whether both the CRD and the daemon accept it. The trailing CR/LF rows guard
   * the CRD validator's RE2 anchors ({@code $} matches only at the very end, as in kube-apiserver).
   */
  record Row(String name, String value, boolean accepted, String why) {

    @Override
    public String toString() {
      String n = name.length() > 40 ? name.substring(0, 37) + "..." : name;
      return (n + "=" + value).replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }
  }

  static final String LONG_OK = "net." + "a".repeat(249); // 253 characters
  static final String LONG_BAD = "net." + "a".repeat(250); // 254 characters

  static final List<Row> ROWS =
      List.of(
          new Row("net.core.somaxconn", "1024", true, "plain dotted key"),
          new Row("vm.swappiness", "10", true, "plain dotted key"),
          new Row("vm.stat_interval", "2", true, "plain dotted key"),
          new Row("fs.inotify.max_user_watches", "524288", true, "three segments"),
          new Row(
              "net.ipv4.ip_local_port_range", "32768\t60999", true, "multi-value, TAB separated"),
          new Row("net.ipv4.conf.eth0.rp_filter", "1", true, "interface segment"),
          new Row(
              "net.ipv6.conf.enP1s0f1.forwarding",
              "1",
              true,
              "upper case allowed after the first segment"),
          new Row(
              "net.ipv4.conf.br-lan.forwarding", "1", true, "'-' allowed after the first segment"),
          new Row("kernel.shmmax", "68719476736", true, "namespaced: accepted, warned on the node"),
          new Row("kernel.core_pattern", "core.%e.%p", true, "core_pattern to a file"),
          new Row(
              "kernel.core_pattern",
              "/var/crash/core|%p",
              true,
              "'|' not at the start is a file name"),
          new Row("kernel.Panic", "1", true, "grammar-valid; no such key is a node-local NotFound"),
          new Row("a.b", "1", true, "shortest name (3)"),
          new Row(LONG_OK, "1", true, "longest name (253)"),
          new Row("net.core.somaxconn", "x".repeat(1024), true, "longest value (1024)"),
          new Row("net/ipv4/ip_forward", "1", false, "slash separators refused"),
          new Row("net.ipv4/ip_forward", "1", false, "mixed separators refused"),
          new Row("net..core.somaxconn", "1", false, "'..' (empty segment) refused"),
          new Row(".net.core", "1", false, "leading dot"),
          new Row("net.core.", "1", false, "trailing dot"),
          new Row("vm", "1", false, "no dot"),
          new Row("Net.core.somaxconn", "1", false, "upper case first segment"),
          new Row("-net.core.somaxconn", "1", false, "sysctl.d ignore-failure prefix"),
          new Row("net.core.somaxconn ", "1", false, "whitespace in name"),
          new Row("net.core.sömaxconn", "1", false, "non-ASCII"),
          new Row("net.core.*", "1", false, "glob"),
          new Row(LONG_BAD, "1", false, "name over 253 characters"),
          new Row("kernel.modprobe", "/sbin/modprobe", false, "RunsProgramAsRoot"),
          new Row("kernel.poweroff_cmd", "/sbin/poweroff", false, "RunsProgramAsRoot"),
          new Row("kernel.hotplug", "", false, "RunsProgramAsRoot"),
          new Row(
              "kernel.core_pattern",
              "|/usr/lib/systemd/systemd-coredump %P",
              false,
              "pipe: RunsProgramAsRoot"),
          new Row(
              "kernel.core_pattern", "  |/bin/sh", false, "pipe after spaces: RunsProgramAsRoot"),
          new Row(
              "kernel.core_pattern", "\t|/bin/sh", false, "pipe after a TAB: RunsProgramAsRoot"),
          new Row("vm.overcommit_memory", "1", false, "KubeletManaged"),
          new Row("vm.panic_on_oom", "0", false, "KubeletManaged"),
          new Row("kernel.panic", "10", false, "KubeletManaged"),
          new Row("kernel.panic_on_oops", "1", false, "KubeletManaged"),
          new Row("kernel.keys.root_maxkeys", "1000000", false, "KubeletManaged"),
          new Row("kernel.keys.root_maxbytes", "25000000", false, "KubeletManaged"),
          new Row("net.core.somaxconn", "1\n2", false, "line break in value"),
          new Row("net.core.somaxconn", "1\r", false, "trailing CR in value"),
          new Row("net.core.somaxconn", "1\n", false, "trailing LF in value"),
          new Row("net.core.somaxconn\n", "1", false, "trailing LF in name"),
          new Row("net.core.somaxconn", "x".repeat(1025), false, "value over 1024 characters"));

  private SysctlNameTable() {}
}
