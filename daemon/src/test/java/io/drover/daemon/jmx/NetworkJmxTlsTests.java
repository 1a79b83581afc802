package io.drover.daemon.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.JmxEndpoint;
import io.drover.api.RemoteAccess;
import io.drover.daemon.jmx.remote.NetworkSettings;
import io.drover.daemon.jmx.remote.TlsKeys;
import io.drover.daemon.jmx.remote.TlsSettings;
import io.drover.daemon.testing.DaemonLog;
import io.drover.testing.OtherUser;
import io.drover.testing.RmiProbe;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the network connector, with real clients in JVMs of their own (a JVM's TLS client settings are
 * its system properties, as JConsole's and VisualVM's): a generated certificate the clients trust through
 * its PEM file, plain clients refused, client certificates when required.
 */
class NetworkJmxTlsTests {
    private static final String STORE_PASSWORD = "changeit";

    @TempDir
    Path dir;

    private final List<JmxServer> servers = new ArrayList<>();

    @RegisterExtension
    final DaemonLog log = new DaemonLog(JmxServer.class);

    @AfterEach
    void stop() {
        servers.forEach(JmxServer::close);
    }

    private Path jmxDir() {
        return dir.resolve("jmx");
    }

    private JmxServer start(TlsSettings tls) throws IOException {
        JmxServer s = new JmxServer(
                MBeanServerFactory.newMBeanServer(),
                NetworkSettings.loopback(0).withTls(tls),
                Credentials.prepare(jmxDir()),
                jmxDir());
        servers.add(s);
        s.start();
        return s;
    }

    /** What a JMX client running with {@code jvmOptions} printed. */
    private String client(JmxServer s, String mode, List<String> jvmOptions) throws Exception {
        return OtherUser.output(OtherUser.java(
                RmiProbe.class,
                jvmOptions,
                "jmx",
                "127.0.0.1",
                Integer.toString(s.port()),
                mode,
                JmxEndpoint.CONTROL_USER,
                Credentials.secretFile(jmxDir(), JmxEndpoint.CONTROL_USER).toString()));
    }

    /** A trust store holding the certificates of {@code pems}, as a client makes one from the PEM file. */
    private Path trustStore(String name, Path... pems) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int i = 0;
        for (Path pem : pems) {
            try (InputStream in = Files.newInputStream(pem)) {
                ks.setCertificateEntry(
                        "cert" + i++, CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
        }
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, STORE_PASSWORD.toCharArray());
        }
        return file;
    }

    private static List<String> trusting(Path trustStore) {
        return List.of(
                "-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=" + STORE_PASSWORD);
    }

    /** A client key and self-signed certificate made with keytool; returns the keystore, its PEM beside it. */
    private Path clientKey(String name) throws Exception {
        Path ks = dir.resolve(name + ".p12");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(
                keytool,
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + name,
                "-keystore",
                ks.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD);
        run(
                keytool,
                "-exportcert",
                "-rfc",
                "-alias",
                name,
                "-keystore",
                ks.toString(),
                "-storepass",
                STORE_PASSWORD,
                "-file",
                dir.resolve(name + ".pem").toString());
        return ks;
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ": " + out);
    }

    private static Certificate certificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void aGeneratedCertificateServesClientsThatTrustItsPemAndPlainClientsAreRefused() throws Exception {
        JmxServer s = start(TlsSettings.generated());
        RemoteAccess access = s.access();
        Path pem = jmxDir().resolve(TlsKeys.CERTIFICATE);
        assertTrue(access.tls());
        assertEquals(pem.toString(), access.certificateFile());
        assertEquals(TlsKeys.fingerprint(certificate(pem)), access.certificateFingerprint());
        assertTrue(access.certificateFingerprint().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"));
        assertEquals("rw-------", mode(jmxDir().resolve(TlsKeys.KEYSTORE)));
        assertEquals("rw-------", mode(jmxDir().resolve(TlsKeys.KEYSTORE_PASSWORD)));
        assertEquals("rw-r--r--", mode(pem));
        assertTrue(
                log.messages().stream().anyMatch(m -> m.contains(access.certificateFingerprint())),
                "the fingerprint is logged at start");

        String trusted = client(s, "tls", trusting(trustStore("trust.p12", pem)));
        assertTrue(trusted.startsWith("connected "), trusted);
        String plain = client(s, "plain", List.of());
        assertTrue(plain.startsWith("refused: "), plain);
        String untrusted = client(s, "tls", List.of());
        assertTrue(untrusted.startsWith("refused: "), "the JDK's own CAs do not vouch for it: " + untrusted);
    }

    @Test
    void theGeneratedKeystoreIsKeptAcrossStarts() throws Exception {
        String first = start(TlsSettings.generated()).access().certificateFingerprint();
        servers.remove(0).close();
        assertEquals(first, start(TlsSettings.generated()).access().certificateFingerprint());
        assertFalse(
                log.messages().get(1).contains("generated now"), log.messages().toString());
    }

    @Test
    void aGivenKeystoreIsServed() throws Exception {
        Path ks = clientKey("given");
        Path password = Files.writeString(dir.resolve("given.password"), STORE_PASSWORD + "\n");
        JmxServer s = start(new TlsSettings(
                true, Optional.of(ks), Optional.of(password), false, Optional.empty(), Optional.empty()));
        assertEquals(
                TlsKeys.fingerprint(certificate(dir.resolve("given.pem"))),
                s.access().certificateFingerprint());
        assertFalse(Files.exists(jmxDir().resolve(TlsKeys.KEYSTORE)), "nothing generated");
        String c = client(s, "tls", trusting(trustStore("trust.p12", dir.resolve("given.pem"))));
        assertTrue(c.startsWith("connected "), c);
    }

    @Test
    void whenClientCertificatesAreRequiredAClientWithoutOneIsRefusedAndOneWithATrustedOneAccepted() throws Exception {
        Path alice = clientKey("alice");
        Path mallory = clientKey("mallory");
        Path clients = trustStore("clients.p12", dir.resolve("alice.pem"));
        Path clientsPassword = Files.writeString(dir.resolve("clients.password"), STORE_PASSWORD + "\n");
        JmxServer s = start(TlsSettings.generated().requiringClients(clients, Optional.of(clientsPassword)));
        assertTrue(s.access().clientAuth());
        List<String> trust = trusting(trustStore("trust.p12", jmxDir().resolve(TlsKeys.CERTIFICATE)));

        String without = client(s, "tls", trust);
        assertTrue(without.startsWith("refused: "), without);
        String untrusted = client(s, "tls", withKey(trust, mallory));
        assertTrue(untrusted.startsWith("refused: "), untrusted);
        String trusted = client(s, "tls", withKey(trust, alice));
        assertTrue(trusted.startsWith("connected "), trusted);
    }

    @Test
    void aTlsConnectionThatSaysNothingIsClosedAfterTheIdleTimeoutAsAPlainOneIs() throws Exception {
        JmxServer s = new JmxServer(
                MBeanServerFactory.newMBeanServer(),
                NetworkSettings.loopback(0).withTls(TlsSettings.generated()).withLimits(32, Duration.ofSeconds(1)),
                Credentials.prepare(jmxDir()),
                jmxDir());
        servers.add(s);
        s.start();
        try (Socket idle = new Socket()) {
            idle.connect(new InetSocketAddress("127.0.0.1", s.port()));
            idle.setSoTimeout(20_000);
            long start = System.nanoTime();
            // at most a TLS alert, then the end of the stream
            assertTrue(idle.getInputStream().readAllBytes().length < 64, "closed by the daemon");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 900 && millis < 10_000, "closed after " + millis + " ms");
        }
    }

    private static List<String> withKey(List<String> options, Path keyStore) {
        List<String> all = new ArrayList<>(options);
        all.add("-Djavax.net.ssl.keyStore=" + keyStore);
        all.add("-Djavax.net.ssl.keyStorePassword=" + STORE_PASSWORD);
        all.add("-Djavax.net.ssl.keyStoreType=PKCS12");
        return all;
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
