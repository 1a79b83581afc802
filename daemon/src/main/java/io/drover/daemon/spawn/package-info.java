/**
 * Starting app processes and watching them: {@link io.drover.daemon.spawn.Spawner} is the one
 * interface the rest of the daemon uses; {@link io.drover.daemon.spawn.LinuxSpawner} implements it
 * with {@code posix_spawn} (so each instance gets its own session and exactly the descriptors we
 * place) and one {@link io.drover.daemon.spawn.Reactor} thread that polls every pipe and pidfd. No
 * file descriptor number leaves this package.
 */
package io.drover.daemon.spawn;
