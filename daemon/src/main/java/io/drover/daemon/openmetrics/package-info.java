/**
 * The OpenMetrics/Prometheus endpoint ({@code DROVER_METRICS_PORT}): read-only, off unless asked for, on loopback
 * unless told otherwise, behind a bearer token whenever it is not on loopback, and over HTTPS with the
 * daemon's JMX key when asked.
 */
package io.drover.daemon.openmetrics;
