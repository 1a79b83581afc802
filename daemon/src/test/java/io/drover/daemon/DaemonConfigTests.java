package io.drover.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.jmx.remote.TlsKeys;
import io.drover.daemon.jmx.remote.TlsSettings;
import io.drover.daemon.log.ConsoleFormat;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The settings droverd reads from its environment, parsed once at start. */
class DaemonConfigTests {
    private static final Map<String, String> HOME = Map.of("DROVER_HOME", "/srv/drover");

    private static Map<String, String> env(String key, String value) {
        return Map.of("DROVER_HOME", "/srv/drover", key, value);
    }

    @Test
    void withNothingSetMemoryIsCheckedEverySecondOnAnyFreePortOfTheLoopback() {
        DaemonConfig c = DaemonConfig.fromEnvironment(HOME);
        assertEquals(1000, c.metricsPeriodMillis());
        assertEquals(0, c.jmx().port());
        assertEquals("127.0.0.1", c.jmx().address().getHostAddress());
        assertFalse(c.jmx().tls().enabled());
        assertEquals(TlsKeys.hostName(), c.jmx().machineName(), "the machine goes by its host name");
        assertEquals(Path.of("/srv/drover"), c.home().root());
        assertEquals(List.of(Path.of("/srv/drover/plugins"), Path.of("/usr/share/drover/plugins")), c.pluginDirs());
        assertEquals(HOME, c.env(), "apps started without an environment get the daemon's");
    }

    @Test
    void theForegroundRuntimeOpensNoJmxPortUnlessAVariableAsksForOne() {
        DaemonConfig quiet = DaemonConfig.fromEnvironment(HOME).foreground(ConsoleFormat.JSON);
        assertTrue(quiet.isForeground());
        assertEquals(ConsoleFormat.JSON, quiet.console());
        assertNull(quiet.jmx(), "no network connector: a container publishes only what it needs");
        DaemonConfig asked =
                DaemonConfig.fromEnvironment(env("DROVER_JMX_PORT", "9010")).foreground(ConsoleFormat.RAW);
        assertEquals(9010, asked.jmx().port());
        assertFalse(DaemonConfig.fromEnvironment(HOME).isForeground(), "droverd is the background daemon");
    }

    @Test
    void theMachineNameIsTheKernelsWholeHostName() throws Exception {
        // JDK 17's Files.readString reads one byte of a /proc/sys file
        Process uname = new ProcessBuilder("uname", "-n").start();
        String expected = new String(uname.getInputStream().readAllBytes()).strip();
        assertEquals(0, uname.waitFor());
        assertEquals(expected, TlsKeys.hostName());
    }

    @Test
    void theMetricsIntervalTakesPm2sDurationUnits() {
        assertEquals(
                500,
                DaemonConfig.fromEnvironment(env("DROVER_METRICS_INTERVAL", "500ms"))
                        .metricsPeriodMillis());
        assertEquals(
                2500,
                DaemonConfig.fromEnvironment(env("DROVER_METRICS_INTERVAL", "2.5s"))
                        .metricsPeriodMillis());
        assertEquals(
                60_000,
                DaemonConfig.fromEnvironment(env("DROVER_METRICS_INTERVAL", "1m"))
                        .metricsPeriodMillis());
        assertEquals(
                250,
                DaemonConfig.fromEnvironment(env("DROVER_METRICS_INTERVAL", " 250 "))
                        .metricsPeriodMillis(),
                "a bare number is milliseconds");
        assertEquals(
                1000,
                DaemonConfig.fromEnvironment(env("DROVER_METRICS_INTERVAL", "")).metricsPeriodMillis());
    }

    @Test
    void anIntervalBelow100msIsRefusedInOneLine() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> DaemonConfig.fromEnvironment(env("DROVER_METRICS_INTERVAL", "50ms")));
        assertEquals(
                "DROVER_METRICS_INTERVAL='50ms' is too short; give at least 100ms (the default is 1s)", e.getMessage());
        assertEquals(
                100,
                DaemonConfig.fromEnvironment(env("DROVER_METRICS_INTERVAL", "100"))
                        .metricsPeriodMillis());
    }

    @Test
    void anIntervalThatIsNoDurationIsRefusedWithTheAcceptedForms() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> DaemonConfig.fromEnvironment(env("DROVER_METRICS_INTERVAL", "often")));
        assertEquals(
                "DROVER_METRICS_INTERVAL: 'often' is not a duration; use milliseconds (1500) or a unit: 250ms, 1.5s,"
                        + " 2m, 1h",
                e.getMessage());
    }

    @Test
    void theJmxPortAndHostAreRead() {
        DaemonConfig c = DaemonConfig.fromEnvironment(Map.of(
                "DROVER_HOME",
                "/srv/drover",
                "DROVER_JMX_PORT",
                " 9010",
                "DROVER_JMX_HOST",
                "0.0.0.0",
                "DROVER_JMX_TLS",
                "1"));
        assertEquals(9010, c.jmx().port());
        assertEquals("0.0.0.0", c.jmx().address().getHostAddress());
        assertTrue(c.jmx().tls().enabled());
        assertEquals(Optional.empty(), c.jmx().tls().keystore(), "a keystore is generated");
    }

    @Test
    void aNonLoopbackJmxHostWithoutTlsIsRefusedInOneLineSayingHowToFixIt() {
        for (String host : List.of("0.0.0.0", "192.0.2.7", "::")) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> DaemonConfig.fromEnvironment(env("DROVER_JMX_HOST", host)));
            assertTrue(e.getMessage().startsWith("DROVER_JMX_HOST="), e.getMessage());
            assertTrue(
                    e.getMessage()
                            .endsWith("is not a loopback address and JMX passwords would cross the network in"
                                    + " clear text; set DROVER_JMX_TLS=1 (a certificate is generated in $DROVER_HOME/jmx) or"
                                    + " listen on 127.0.0.1"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
        assertTrue(DaemonConfig.fromEnvironment(env("DROVER_JMX_HOST", "::1"))
                .jmx()
                .address()
                .isLoopbackAddress());
        assertTrue(DaemonConfig.fromEnvironment(env("DROVER_JMX_HOST", "localhost"))
                .jmx()
                .address()
                .isLoopbackAddress());
    }

    @Test
    void aGivenKeystoreTurnsTlsOnAndClientCertificatesNeedATruststore() {
        DaemonConfig c = DaemonConfig.fromEnvironment(Map.of(
                "DROVER_HOME", "/srv/drover",
                "DROVER_JMX_HOST", "0.0.0.0",
                "DROVER_JMX_TLS_KEYSTORE", "/etc/drover/jmx.p12",
                "DROVER_JMX_TLS_KEYSTORE_PASSWORD_FILE", "/etc/drover/jmx.password",
                "DROVER_JMX_TLS_CLIENT_AUTH", "1",
                "DROVER_JMX_TLS_TRUSTSTORE", "/etc/drover/clients.p12",
                "DROVER_MACHINE_NAME", "web-3.eu"));
        TlsSettings tls = c.jmx().tls();
        assertTrue(tls.enabled());
        assertEquals(Optional.of(Path.of("/etc/drover/jmx.p12")), tls.keystore());
        assertEquals(Optional.of(Path.of("/etc/drover/jmx.password")), tls.keystorePasswordFile());
        assertTrue(tls.clientAuth());
        assertEquals(Optional.of(Path.of("/etc/drover/clients.p12")), tls.truststore());
        assertEquals(Optional.empty(), tls.truststorePasswordFile());
        assertEquals("web-3.eu", c.jmx().machineName());
    }

    @Test
    void badTlsSettingsAreRefusedInOneLineNamingTheVariable() {
        Map<Map<String, String>, String> bad = Map.of(
                env("DROVER_JMX_TLS", "maybe"),
                "DROVER_JMX_TLS='maybe' is not a switch; give 1 (on) or 0 (off)",
                env("DROVER_JMX_TLS_CLIENT_AUTH", "1"),
                "DROVER_JMX_TLS_CLIENT_AUTH=1 needs DROVER_JMX_TLS_TRUSTSTORE: the keystore holding the certificates"
                        + " of the clients to let in",
                env("DROVER_JMX_TLS_KEYSTORE", "/etc/drover/jmx.p12"),
                "DROVER_JMX_TLS_KEYSTORE and DROVER_JMX_TLS_KEYSTORE_PASSWORD_FILE go together; set both, or neither"
                        + " for a keystore generated in $DROVER_HOME/jmx",
                env("DROVER_JMX_TLS_TRUSTSTORE", "clients.p12"),
                "DROVER_JMX_TLS_TRUSTSTORE='clients.p12' is a relative path; give an absolute one (the daemon's"
                        + " directory is not the one it was started from)",
                env("DROVER_MACHINE_NAME", "web 3"),
                "DROVER_MACHINE_NAME='web 3' is not a machine name; use at most 63 letters, digits, '.', '-' and '_',"
                        + " starting with a letter or digit",
                env("DROVER_JMX_HOST", "no-such-host.invalid"),
                "DROVER_JMX_HOST='no-such-host.invalid' is no address of this machine; give an IP address such as"
                        + " 127.0.0.1 (the default) or 0.0.0.0 (every address, TLS required)");
        bad.forEach((env, message) -> assertEquals(
                message,
                assertThrows(IllegalArgumentException.class, () -> DaemonConfig.fromEnvironment(env))
                        .getMessage(),
                env.toString()));
        Map<String, String> contradiction = new HashMap<>(env("DROVER_JMX_TLS", "0"));
        contradiction.put("DROVER_JMX_TLS_KEYSTORE", "/etc/drover/jmx.p12");
        contradiction.put("DROVER_JMX_TLS_KEYSTORE_PASSWORD_FILE", "/etc/drover/jmx.password");
        assertEquals(
                "DROVER_JMX_TLS=0 contradicts the other DROVER_JMX_TLS_* settings; unset DROVER_JMX_TLS or the others",
                assertThrows(IllegalArgumentException.class, () -> DaemonConfig.fromEnvironment(contradiction))
                        .getMessage());
    }

    @Test
    void aJmxPortThatIsNoPortNumberIsRefusedInOneLine() {
        for (String bad : List.of("jmx", "70000", "-1", "90.5")) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> DaemonConfig.fromEnvironment(env("DROVER_JMX_PORT", bad)));
            assertEquals(
                    "DROVER_JMX_PORT='" + bad + "' is not a port number; unset it or give a number from 1 to 65535",
                    e.getMessage());
        }
    }
}
