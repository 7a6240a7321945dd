package org.openeuler.nestos.daemon.core.sysctl;

/**
 * One live write: {@code value} into the key's {@code /proc/sys} file, which read {@code before}
 * when planned.
 */
public record SysctlWrite(String name, String value, String before) {}
