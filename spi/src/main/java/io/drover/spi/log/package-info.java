/**
 * Log handler plugins: stages between an app's output and its log files (rotation, shipping). Implement
 * {@link io.drover.spi.log.LogHandler} and list the class in {@code
 * META-INF/services/io.drover.spi.log.LogHandler}.
 */
package io.drover.spi.log;
