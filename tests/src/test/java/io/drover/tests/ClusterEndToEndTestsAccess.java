package io.drover.tests;

import java.io.IOException;

/** Lets the systemd tests pick ports as the other end-to-end tests do. */
public final class ClusterEndToEndTestsAccess {
    private ClusterEndToEndTestsAccess() {}

    public static int freePort() throws IOException {
        return Cli.freePort();
    }
}
