/**
 * The NodeState renderer (docs/design.md §3, §4.1): pure functions from the cluster's CR specs and
 * nodes to every node's rendered {@code NodeState.spec}, plus the per-CR facts (overlaps,
 * conflicts, winners) and the status aggregators of NodeConfig and RubikPolicy. Records in, records
 * out: no client, no I/O, no clock (time is passed in).
 */
package org.openeuler.nestos.operator.core.render;
