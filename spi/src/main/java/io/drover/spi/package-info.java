/**
 * Drover's plugin SPI: the small interfaces plugins implement, found with {@link
 * java.util.ServiceLoader} on the daemon's class path and in its plugin directories. Types marked
 * {@link io.drover.spi.PublicApi} stay binary-compatible within a major version.
 */
package io.drover.spi;
