/**
 * Finding plugins: {@link java.util.ServiceLoader} over the daemon's class path and over the jars in
 * the plugin directories ({@code $DROVER_HOME/plugins}, {@code /usr/share/drover/plugins}).
 */
package io.drover.daemon.plugin;
