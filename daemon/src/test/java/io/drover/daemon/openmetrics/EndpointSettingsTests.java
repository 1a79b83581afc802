package io.drover.daemon.openmetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.DaemonConfig;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code DROVER_METRICS_PORT}, {@code _HOST} and {@code _TOKEN_FILE}, read once with the daemon's settings. */
class EndpointSettingsTests {
    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("DROVER_HOME", "/srv/drover"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static String refusal(Map<String, String> env) {
        return assertThrows(IllegalArgumentException.class, () -> DaemonConfig.fromEnvironment(env))
                .getMessage();
    }

    @Test
    void withNothingSetTheEndpointIsOff() {
        EndpointSettings s = DaemonConfig.fromEnvironment(env()).metricsEndpoint();
        assertFalse(s.enabled());
        assertTrue(s.host().isLoopbackAddress());
        assertEquals(Optional.empty(), s.tokenFile());
        assertFalse(DaemonConfig.fromEnvironment(env("DROVER_METRICS_PORT", " "))
                .metricsEndpoint()
                .enabled());
    }

    @Test
    void aPortAloneServesOnLoopback() {
        EndpointSettings s = DaemonConfig.fromEnvironment(env("DROVER_METRICS_PORT", " 9209 "))
                .metricsEndpoint();
        assertTrue(s.enabled());
        assertEquals(9209, s.port());
        assertEquals(InetAddress.getLoopbackAddress(), s.host());
    }

    @Test
    void aPortThatIsNoPortNumberIsOneLineNamingTheVariableAndTheFix() {
        for (String bad : List.of("metrics", "0", "65536", "-1", "9209.5")) {
            assertEquals(
                    "DROVER_METRICS_PORT='" + bad + "' is not a port number; give a number from 1 to 65535 (such as"
                            + " 9209), or unset it to turn the metrics endpoint off",
                    refusal(env("DROVER_METRICS_PORT", bad)));
        }
    }

    @Test
    void anUnknownHostIsOneLineNamingTheVariable() {
        assertEquals(
                "DROVER_METRICS_HOST='no-such-host.invalid' is no address of this machine; give an IP address such as"
                        + " 127.0.0.1 (the default) or 0.0.0.0 (every address, with DROVER_METRICS_TOKEN_FILE)",
                refusal(env("DROVER_METRICS_PORT", "9209", "DROVER_METRICS_HOST", "no-such-host.invalid")));
    }

    @Test
    void anAddressOffLoopbackNeedsATokenFile() {
        assertEquals(
                "DROVER_METRICS_HOST=0.0.0.0 is not a loopback address: set DROVER_METRICS_TOKEN_FILE too (a file only"
                        + " the daemon's user can read, holding the token Prometheus sends), or leave"
                        + " DROVER_METRICS_HOST unset for 127.0.0.1",
                refusal(env("DROVER_METRICS_PORT", "9209", "DROVER_METRICS_HOST", "0.0.0.0")));
        EndpointSettings s = DaemonConfig.fromEnvironment(env(
                        "DROVER_METRICS_PORT", "9209",
                        "DROVER_METRICS_HOST", "0.0.0.0",
                        "DROVER_METRICS_TOKEN_FILE", "/etc/drover/metrics.token"))
                .metricsEndpoint();
        assertEquals("0.0.0.0", s.host().getHostAddress());
        assertEquals(Optional.of(Path.of("/etc/drover/metrics.token")), s.tokenFile());
        assertTrue(DaemonConfig.fromEnvironment(env("DROVER_METRICS_PORT", "9209", "DROVER_METRICS_HOST", "::1"))
                .metricsEndpoint()
                .host()
                .isLoopbackAddress());
    }

    @Test
    void aRelativeTokenFileIsOneLineNamingTheVariable() {
        assertEquals(
                "DROVER_METRICS_TOKEN_FILE='metrics.token' is a relative path; give an absolute one (the daemon's"
                        + " directory is not the one it was started from)",
                refusal(env("DROVER_METRICS_PORT", "9209", "DROVER_METRICS_TOKEN_FILE", "metrics.token")));
    }

    @Test
    void tlsIsASwitchOffByDefault() {
        assertFalse(DaemonConfig.fromEnvironment(env("DROVER_METRICS_PORT", "9209"))
                .metricsEndpoint()
                .tls());
        assertTrue(DaemonConfig.fromEnvironment(env("DROVER_METRICS_PORT", "9209", "DROVER_METRICS_TLS", "1"))
                .metricsEndpoint()
                .tls());
        assertEquals(
                "DROVER_METRICS_TLS='https' is not a switch; give 1 (HTTPS) or 0 (HTTP, the default)",
                refusal(env("DROVER_METRICS_PORT", "9209", "DROVER_METRICS_TLS", "https")));
    }
}
