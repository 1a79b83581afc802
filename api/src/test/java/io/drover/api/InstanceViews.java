package io.drover.api;

import java.util.Map;

/** An instance as a listing shows one, every item set, for the tests of its open data. */
public final class InstanceViews {
    private InstanceViews() {
        /* no instances */
    }

    /** A cluster instance of app {@code api}, online, with these custom metrics. */
    public static InstanceView sample(Map<String, Double> metrics) {
        return new InstanceView(
                7,
                "api",
                "web",
                2,
                "cluster",
                4242,
                "online",
                1_700_000_000_000L,
                65_000,
                3,
                2,
                12.5,
                48L << 20,
                "svc",
                998,
                997,
                "exit code 1",
                "crash (exit code 1)",
                "crash (exit code 1)",
                0,
                "serving",
                "/var/log/api-out-2.log",
                "/var/log/api-error-2.log",
                "",
                metrics);
    }
}
