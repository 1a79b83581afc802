package io.drover.daemon.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.process.App;
import io.drover.daemon.process.AppSpec;
import io.drover.daemon.process.Cluster;
import io.drover.daemon.process.Instance;
import io.drover.daemon.process.Supervision;
import io.drover.daemon.spawn.SpawnRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchRequestTests {

    private static Instance instance(Map<String, String> env, String incrementVar, int index) {
        return instance(env, incrementVar, index, "");
    }

    /** @param channel the variable of each process's channel to the daemon (a shim's); empty for none */
    private static Instance instance(Map<String, String> env, String incrementVar, int index, String channel) {
        AppSpec spec = SupervisorTests.spec(
                "api",
                3,
                Supervision.DEFAULTS,
                new Cluster(
                        true,
                        List.of(),
                        false,
                        "NODE_APP_INSTANCE",
                        incrementVar,
                        false,
                        Duration.ofMillis(3000),
                        channel),
                env);
        return new Instance(7 + index, index, new App(spec, 0));
    }

    @Test
    void eachInstanceIsToldItsIndexIdAndAppOverTheAppsEnvironment() {
        SpawnRequest r = LaunchRequest.of(instance(Map.of("PORT", "3000"), "", 2), List.of());
        assertEquals(Map.of("PORT", "3000", "NODE_APP_INSTANCE", "2", "pm_id", "9", "DROVER_APP_NAME", "api"), r.env());
        assertEquals(List.of("/bin/bash", "/srv/api.sh"), r.argv());
        assertTrue(r.withNotifySocket());
    }

    @Test
    void theIncrementVariableCountsFromTheAppsValueOrFromZeroWhenItIsNotANumber() {
        assertEquals(
                "3002",
                LaunchRequest.env(instance(Map.of("PORT", " 3000 "), "PORT", 2), List.of())
                        .get("PORT"));
        assertEquals(
                "2",
                LaunchRequest.env(instance(Map.of("PORT", "auto"), "PORT", 2), List.of())
                        .get("PORT"));
        assertEquals(
                "1", LaunchRequest.env(instance(Map.of(), "PORT", 1), List.of()).get("PORT"));
    }

    @Test
    void anInheritedListOfPortsIsDroppedWhenTheAppHandsNoSockets() {
        Map<String, String> env = new HashMap<>(Map.of("DROVER_LISTEN_PORTS", "8080"));
        assertFalse(LaunchRequest.env(instance(env, "", 0), List.of()).containsKey("DROVER_LISTEN_PORTS"));
    }

    @Test
    void theKillTimeoutIsGivenOnlyToProcessesWhoseShimSharesSockets() {
        Instance shared = instance(Map.of(), "", 0, "NODE_CHANNEL_FD");
        assertEquals(
                Long.toString(shared.app().spec().killTimeout().toMillis()),
                LaunchRequest.env(shared, List.of()).get("DROVER_KILL_TIMEOUT_MS"));
        Map<String, String> env = new HashMap<>(Map.of("DROVER_KILL_TIMEOUT_MS", "9"));
        assertFalse(LaunchRequest.env(instance(env, "", 0), List.of()).containsKey("DROVER_KILL_TIMEOUT_MS"));
    }
}
