/**
 * CPU and memory of each instance, summed over the instance's whole session and read from {@code /proc}
 * only when a viewer or a memory limit needs them.
 */
package io.drover.daemon.metrics;
