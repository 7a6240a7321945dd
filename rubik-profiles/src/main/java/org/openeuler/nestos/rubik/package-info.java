/**
 * Pure pod QoS planning (rubik compatible): classification, cgroup paths, per-feature writes with fallbacks,
 * prerequisites and rubik {@code config.json} rendering. Filled in by the rubik-profiles issue.
 */
package org.openeuler.nestos.rubik;
