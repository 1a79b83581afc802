package io.drover.daemon.spawn;

/** Every spawner test again, started with posix_spawn: the daemon's way where its spawn library is missing. */
class PosixSpawnLaunchTests extends LinuxSpawnerTests {
    @Override
    Launch launch() {
        return new PosixSpawnLaunch();
    }
}
