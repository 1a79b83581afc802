/**
 * Drover as a systemd service: the notify protocol spoken to the service manager ({@code READY=1} once
 * the saved apps are back, {@code STATUS=}, {@code WATCHDOG=1}, {@code STOPPING=1}).
 */
package io.drover.daemon.systemd;
