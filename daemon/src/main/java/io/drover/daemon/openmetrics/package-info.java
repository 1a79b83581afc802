/**
 * The OpenMetrics/Prometheus endpoint ({@code DROVER_METRICS_PORT}): read-only, off unless asked for, on loopback
 * unless told otherwise, and behind a bearer token whenever it is not on loopback.
 */
package io.drover.daemon.openmetrics;
