package io.drover.api;

/**
 * The machine the daemon runs on, as {@code drover monit} shows it.
 *
 * @param cpus logical processors
 * @param cpuPercent how busy the whole machine was, in percent of all its processors together, averaged
 *     since the previous read (the first read averages since boot)
 * @param memoryTotalBytes the machine's memory
 * @param memoryAvailableBytes memory that can be given to programs without swapping ({@code MemAvailable})
 * @param load1 load average over 1 minute
 * @param load5 load average over 5 minutes
 * @param load15 load average over 15 minutes
 */
public record HostView(
        int cpus,
        double cpuPercent,
        long memoryTotalBytes,
        long memoryAvailableBytes,
        double load1,
        double load5,
        double load15) {}
