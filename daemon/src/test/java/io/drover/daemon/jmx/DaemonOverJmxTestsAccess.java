package io.drover.daemon.jmx;

import io.drover.api.StartRequest;
import java.nio.file.Path;
import java.util.Map;

/** Lets tests in other packages build the start requests the JMX tests use. */
public final class DaemonOverJmxTestsAccess {
    private DaemonOverJmxTestsAccess() {}

    public static StartRequest request(Path script, String name, int instances) {
        return DaemonOverJmxTests.request(script, name, instances, Map.of(), 0, Map.of());
    }

    public static StartRequest request(Path script, String name, int instances, Map<String, String> options) {
        return DaemonOverJmxTests.request(script, name, instances, Map.of(), 0, options);
    }

    /** In the test's environment with {@code extraEnv}. */
    public static StartRequest withEnv(Path script, String name, int instances, Map<String, String> extraEnv) {
        return DaemonOverJmxTests.request(script, name, instances, extraEnv, 0, Map.of());
    }

    /** The same with settings under their PM2 names ({@code autostart=false}). */
    public static StartRequest withOptions(Path script, String name, int instances, Map<String, String> options) {
        return DaemonOverJmxTests.request(script, name, instances, Map.of(), 0, options);
    }
}
