package org.openeuler.nestos.rubik.core.plan;

/**
 * One value to write into one cgroup file on the node.
 *
 * @param podUid the pod this write is for (static pods: their config hash)
 * @param feature the QoS feature it implements
 * @param backend the kernel interface chosen for that feature on this node
 * @param file absolute host path of the cgroup file, e.g. {@code
 *     /sys/fs/cgroup/cpu/kubepods/besteffort/pod<uid>/cpu.idle}
 * @param value the value as the kernel takes it
 */
public record CgroupWrite(
    String podUid, Feature feature, Backend backend, String file, String value) {}
