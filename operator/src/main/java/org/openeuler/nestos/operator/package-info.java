/**
 * The in-cluster operator: JOSDK reconcilers, the NodeState renderer, the pure rollout planner,
 * drain and status aggregation. Filled in by the operator issue.
 */
package org.openeuler.nestos.operator;
