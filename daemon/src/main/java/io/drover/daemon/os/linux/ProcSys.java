package io.drover.daemon.os.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Kernel settings under {@code /proc/sys}. */
public final class ProcSys {
    private ProcSys() {
        /* no instances */
    }

    /**
     * The value of a setting, e.g. {@code net/ipv4/ip_unprivileged_port_start}, trimmed; empty when it cannot
     * be read. Not {@code Files.readString}: on JDK 17 it reads the first byte only of a {@code /proc/sys} file.
     */
    public static Optional<String> read(String name) {
        try {
            return Optional.of(String.join("", Files.readAllLines(Path.of("/proc/sys", name)))
                    .strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
