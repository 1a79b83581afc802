/**
 * {@code drover startup} / {@code unstartup}: the unit files that start droverd at boot (the system
 * {@code droverd.service}, or {@code drover-<user>.service} for one user's daemon), the
 * {@code drover-<app>.socket} units through which systemd can own app ports, and enabling them over D-Bus.
 */
package io.drover.cli.startup;
