package io.drover.tests.systemd;

import io.drover.cli.systemd.Systemd;
import io.drover.cli.systemd.SystemdException;
import java.time.Duration;
import java.util.List;

/**
 * Run inside the container as a user who is not root: asks systemd, through Drover's D-Bus client, to
 * enable and to start a unit, and prints the one-line error each gives.
 */
public final class UnprivilegedSystemdCall {
    private UnprivilegedSystemdCall() {}

    public static void main(String[] args) throws Exception {
        try (Systemd systemd = Systemd.connect()) {
            try {
                systemd.enable(List.of(args[0]));
                System.out.println("enable: allowed");
            } catch (SystemdException e) {
                System.out.println("enable: " + e.getMessage());
            }
            try {
                systemd.start(args[0], Duration.ofSeconds(30));
                System.out.println("start: allowed");
            } catch (SystemdException e) {
                System.out.println("start: " + e.getMessage());
            }
        }
    }
}
