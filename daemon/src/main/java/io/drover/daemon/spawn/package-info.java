/**
 * Starting app processes and watching them: {@link io.drover.daemon.spawn.Spawner} is the one
 * interface the rest of the daemon uses; {@link io.drover.daemon.spawn.LinuxSpawner} implements it
 * with a {@link io.drover.daemon.spawn.Launch} (the daemon's clone path where its C library was built,
 * else {@code posix_spawn}; either way each instance gets its own session and exactly the descriptors
 * we place) and one {@link io.drover.daemon.spawn.Reactor} thread that polls every pipe and pidfd. No
 * file descriptor number leaves this package.
 */
package io.drover.daemon.spawn;
