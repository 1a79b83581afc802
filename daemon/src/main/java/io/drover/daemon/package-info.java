/**
 * droverd: {@link io.drover.daemon.Droverd} is the entry point, {@link io.drover.daemon.Daemon} puts
 * the parts together in order (home and lock, plugins, spawner, supervisor, JMX) and takes them apart
 * in reverse ({@link io.drover.daemon.lifecycle}).
 */
package io.drover.daemon;
