/** CPU and memory of each instance, sampled from {@code /proc} over the instance's whole session. */
package io.drover.daemon.metrics;
