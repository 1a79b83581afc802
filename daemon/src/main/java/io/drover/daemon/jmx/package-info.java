/**
 * JMX at the edge: MXBean adapters over the daemon's operations ({@code io.drover:type=Daemon}, {@code
 * type=App}, {@code type=App.Instance}), notifications for every state change, and the daemon's own
 * authenticated RMI connector with a read-only {@code monitor} role and a {@code control} role. Nothing
 * outside this package imports {@code javax.management}.
 */
package io.drover.daemon.jmx;
