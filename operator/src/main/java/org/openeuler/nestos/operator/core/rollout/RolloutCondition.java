package org.openeuler.nestos.operator.core.rollout;

import org.openeuler.nestos.api.ConditionReason;
import org.openeuler.nestos.api.ConditionType;

/**
 * A kstatus condition to publish on the OSVersion (the edge adds observedGeneration and transition
 * times).
 */
public record RolloutCondition(
    ConditionType type, boolean status, ConditionReason reason, String message) {}
