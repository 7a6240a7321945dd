package org.openeuler.nestos.daemon.health;

import java.time.Duration;

/** One health check's verdict, with a message an admin can act on and how long it took. */
public record HealthOutcome(String name, boolean passing, String message, Duration took) {}
