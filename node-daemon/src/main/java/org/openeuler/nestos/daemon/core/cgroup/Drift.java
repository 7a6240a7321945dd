package org.openeuler.nestos.daemon.core.cgroup;

import org.openeuler.nestos.rubik.core.plan.CgroupWrite;

/**
 * A planned file that no longer holds its planned value (systemd reload, pod resize, someone else).
 */
public record Drift(CgroupWrite write, String actual) {}
