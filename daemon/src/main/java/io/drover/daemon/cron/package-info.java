/** Cron expressions: checked when an app is defined, and when its next {@code cron_restart} fires. */
package io.drover.daemon.cron;
