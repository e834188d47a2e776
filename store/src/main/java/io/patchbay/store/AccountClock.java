package io.patchbay.store;

import java.time.Instant;

/**
 * An account's clock as last remembered.
 *
 * @param instant the clock's instant then
 * @param wallAt the wall-clock instant it was remembered at
 * @param speed its speed; 0 for a manual clock
 * @param explicit whether the control plane set it
 */
public record AccountClock(Instant instant, Instant wallAt, double speed, boolean explicit) {}
