package org.openeuler.nestos.rubik.core.plan;

/**
 * Put back the original value of a cgroup file an earlier plan wrote; the writer holds the
 * checkpointed original.
 *
 * @param podUid the pod (static pods: config hash), as in the {@link CgroupWrite} it undoes
 * @param feature the feature that wrote it
 * @param backend the backend that wrote it
 * @param file absolute host path
 */
public record CgroupRestore(String podUid, Feature feature, Backend backend, String file) {}
