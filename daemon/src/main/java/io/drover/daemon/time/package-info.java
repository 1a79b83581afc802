/**
 * Time as a dependency: the supervisor reads the clock and schedules timers only through {@link
 * io.drover.daemon.time.Scheduler}, so tests drive restart delays and stop escalation with a manual
 * clock instead of sleeping.
 */
package io.drover.daemon.time;
