/**
 * Pure pod QoS planning (rubik compatible), all under {@code core} (no I/O): {@code core.model}
 * input records ({@code PodSnapshot}, {@code NodeCapabilities}), {@code core.classify}
 * online/offline, {@code core.cgroup} kubelet cgroup paths, {@code core.plan} the Native planner
 * ({@code QosPlanner.plan(PlanRequest) -> QosPlan}), backends, restores and prerequisites, {@code
 * core.interop} rubik's {@code config.json} ({@code RubikConfigRenderer}).
 */
package org.openeuler.nestos.rubik;
