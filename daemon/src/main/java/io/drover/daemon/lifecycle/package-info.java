/**
 * Starting and stopping the daemon's parts: {@link io.drover.daemon.lifecycle.LifeCycle} and its final
 * template {@link io.drover.daemon.lifecycle.AbstractLifeCycle}, and {@link
 * io.drover.daemon.lifecycle.ContainerLifeCycle}, which starts its components in order, stops them in
 * reverse, and undoes a start that fails halfway.
 */
package io.drover.daemon.lifecycle;
