package io.drover.daemon.openmetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.jmx.remote.NetworkSettings;
import io.drover.daemon.jmx.remote.TlsKeys;
import io.drover.testing.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint's HTTP server against clients that misbehave, over real sockets on 127.0.0.1: what a local user
 * could do to keep Prometheus from scraping.
 */
class ScrapeServerTests {
    private static final Duration SCRAPE = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private MetricsEndpoint endpoint;
    private final List<Socket> held = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Socket s : held) {
            s.close();
        }
        if (endpoint != null) {
            endpoint.stop();
        }
    }

    private int start(boolean tls, Duration limit) throws Exception {
        endpoint = new MetricsEndpoint(
                new EndpointSettings(Ports.free(), InetAddress.getLoopbackAddress(), Optional.empty(), tls),
                NetworkSettings.loopback(0),
                dir.resolve("jmx"),
                List::of,
                "test",
                limit);
        endpoint.start();
        return endpoint.port();
    }

    /** Connects and sends {@code bytes}, then nothing more. */
    private Socket hold(int port, byte[] bytes) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        held.add(s);
        s.getOutputStream().write(bytes);
        s.getOutputStream().flush();
        return s;
    }

    private static boolean stillOpen(Socket s) throws IOException {
        s.setSoTimeout(200);
        try {
            return s.getInputStream().read() >= 0;
        } catch (SocketTimeoutException e) {
            return true; // nothing sent and not closed
        } catch (IOException e) {
            return false; // reset
        }
    }

    private static HttpResponse<String> scrape(HttpClient client, String url) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(SCRAPE).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Sends a raw request and reads the whole answer, up to the server's close. */
    private static String raw(int port, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout((int) SCRAPE.toMillis());
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void halfRequestsOnMoreConnectionsThanItKeepsDoNotKeepAScrapeWaiting() throws Exception {
        int port = start(false, Duration.ofSeconds(30));
        byte[] half = "GET /metr".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < ScrapeServer.MAX_CONNECTIONS + 32; i++) {
            hold(port, half);
        }
        HttpResponse<String> r = scrape(HttpClient.newHttpClient(), "http://127.0.0.1:" + port + "/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("drover_apps"), r.body());
        // the scrape did not wait for them to time out: the newest are still held, the oldest made room
        assertTrue(stillOpen(held.get(held.size() - 1)), "the newest half request is still open");
        assertTrue(!stillOpen(held.get(0)), "the oldest half request was closed to make room");
    }

    @Test
    void halfTlsHandshakesDoNotKeepAnHttpsScrapeWaiting() throws Exception {
        int port = start(true, Duration.ofSeconds(30));
        // a TLS record header announcing a ClientHello that never comes whole, and clients that send nothing
        byte[] partialHello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};
        for (int i = 0; i < 40; i++) {
            hold(port, i % 2 == 0 ? partialHello : new byte[0]);
        }
        HttpResponse<String> r = scrape(
                trusting(dir.resolve("jmx").resolve(TlsKeys.CERTIFICATE)), "https://127.0.0.1:" + port + "/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("drover_apps"), r.body());
        assertTrue(stillOpen(held.get(held.size() - 2)), "a half handshake is still open");
    }

    @Test
    void clientsThatAskAndReadNothingDoNotKeepAScrapeWaitingNorHoldMoreThanAFewAnswers() throws Exception {
        byte[] body = new byte[8 << 20]; // far more than a socket's buffers take
        ScrapeServer server = new ScrapeServer(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                null,
                Duration.ofSeconds(30),
                head -> Responses.of(200, java.util.Map.of(), body, body.length));
        try {
            byte[] ask = "GET /metrics HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            List<Socket> silent = new ArrayList<>();
            for (int i = 0; i < ScrapeServer.MAX_ANSWERS + 2; i++) {
                Socket s = new Socket();
                s.setReceiveBufferSize(4096);
                s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
                held.add(s);
                s.getOutputStream().write(ask);
                silent.add(s);
            }
            String answer = raw(server.port(), "GET /metrics HTTP/1.1\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer.substring(0, 40));
            assertEquals(body.length, answer.length() - answer.indexOf("\r\n\r\n") - 4, "the whole answer");
            // the first of them made room: what it gets ends before its answer does
            Socket first = silent.get(0);
            first.setSoTimeout((int) SCRAPE.toMillis());
            long got = 0;
            try {
                got = first.getInputStream().readAllBytes().length;
            } catch (IOException e) {
                // reset: closed with bytes unread
            }
            assertTrue(got < body.length, "the oldest silent client was closed, after " + got + " bytes");
            assertTrue(stillOpen(silent.get(silent.size() - 1)), "the newest is still being answered");
        } finally {
            server.close();
        }
    }

    @Test
    void connectionsThatSendNothingAreClosedAtTheLimit() throws Exception {
        int port = start(false, Duration.ofMillis(1500));
        Socket s = hold(port, new byte[0]);
        s.setSoTimeout(10_000);
        assertEquals(-1, s.getInputStream().read(), "closed by the server");
    }

    @Test
    void aHeadRequestGetsTheLengthWithoutTheBody() throws Exception {
        int port = start(false, Duration.ofSeconds(10));
        String get = raw(port, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        String head = raw(port, "HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(get.startsWith("HTTP/1.1 200 OK\r\n"), get);
        int body = get.length() - get.indexOf("\r\n\r\n") - 4;
        assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n"), head);
        assertTrue(head.contains("\r\nContent-Length: " + body + "\r\n"), head);
        assertTrue(head.endsWith("\r\n\r\n"), "no body: " + head);
    }

    @Test
    void linesEndedByALoneLineFeedAreTaken() throws Exception {
        int port = start(false, Duration.ofSeconds(10));
        assertTrue(raw(port, "GET /metrics HTTP/1.0\nAccept: */*\n\n").startsWith("HTTP/1.1 200 OK\r\n"));
    }

    @Test
    void malformedOversizedAndOtherMethodRequestsGetAnErrorStatusWithOneLine() throws Exception {
        int port = start(false, Duration.ofSeconds(10));
        assertEquals("HTTP/1.1 400 Bad Request", firstLine(raw(port, "HELLO\r\n\r\n")), "not a request line");
        assertEquals(
                "HTTP/1.1 400 Bad Request",
                firstLine(raw(port, "GET /metrics HTTP/1.1\r\nno colon here\r\n\r\n")),
                "a header without a name");
        assertEquals(
                "HTTP/1.1 405 Method Not Allowed",
                firstLine(raw(port, "POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n")));
        String big = raw(port, "GET /metrics HTTP/1.1\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
        assertEquals("HTTP/1.1 431 Request Header Fields Too Large", firstLine(big));
        assertTrue(big.endsWith("\r\n\r\nthe request's headers are larger than 16 KiB\n"), big);
        // and it still serves
        assertEquals("HTTP/1.1 200 OK", firstLine(raw(port, "GET /metrics HTTP/1.1\r\n\r\n")));
    }

    @Test
    void plainHttpOnAnHttpsEndpointIsClosedWithoutAnAnswer() throws Exception {
        int port = start(true, Duration.ofSeconds(10));
        assertThrows(
                IOException.class, () -> scrape(HttpClient.newHttpClient(), "http://127.0.0.1:" + port + "/metrics"));
    }

    private static String firstLine(String response) {
        int end = response.indexOf("\r\n");
        return end < 0 ? response : response.substring(0, end);
    }

    /** A client trusting exactly the certificate the endpoint serves. */
    static HttpClient trusting(Path certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(certificate)) {
            trusted.setCertificateEntry(
                    "drover", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).build();
    }
}
