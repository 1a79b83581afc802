/**
 * systemd over D-Bus: our own small binding of {@code org.freedesktop.systemd1.Manager} and a client that
 * subscribes before it acts and waits for the job it started, as systemd's documentation prescribes.
 */
package io.drover.cli.systemd;
