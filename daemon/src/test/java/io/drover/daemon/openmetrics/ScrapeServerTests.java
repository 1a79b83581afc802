package io.drover.daemon.openmetrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.daemon.jmx.remote.NetworkSettings;
import io.drover.daemon.jmx.remote.TlsKeys;
import io.drover.testing.ConnectBurst;
import io.drover.testing.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
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
    private ScrapeServer direct;
    private final List<Socket> held = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Socket s : held) {
            s.close();
        }
        if (endpoint != null) {
            endpoint.stop();
        }
        if (direct != null) {
            direct.close();
        }
    }

    private int start(boolean tls, Duration limit) throws Exception {
        endpoint = new MetricsEndpoint(
                new EndpointSettings(Ports.free(), InetAddress.getLoopbackAddress(), Optional.empty(), tls),
                NetworkSettings.loopback(0),
                dir.resolve("jmx"),
                List::of,
                "test",
                limit,
                () -> 1_800_000_000_000L); // a fixed uptime: a GET and a HEAD describe the same body
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

    /** A server of its own, refusing nothing and answering with what {@code answer} gives. */
    private ScrapeServer server(Function<RequestHead, ByteBuffer[]> answer) throws IOException {
        return server(head -> null, answer);
    }

    private ScrapeServer server(Function<RequestHead, ByteBuffer[]> refusal, Function<RequestHead, ByteBuffer[]> answer)
            throws IOException {
        direct = new ScrapeServer(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                null,
                Duration.ofSeconds(30),
                refusal,
                answer);
        return direct;
    }

    @Test
    void clientsThatAskAndReadNothingDoNotKeepAScrapeWaitingNorHoldMoreThanAFewAnswers() throws Exception {
        byte[] body = new byte[8 << 20]; // far more than a socket's buffers take
        ScrapeServer server = server(head -> Responses.of(200, Map.of(), ByteBuffer.wrap(body), body.length));
        byte[] ask = "GET /metrics HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        List<Socket> silent = new ArrayList<>();
        for (int i = 0; i < ScrapeServer.MAX_ANSWERS + 2; i++) {
            Socket s = new Socket();
            s.setReceiveBufferSize(4096);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
            held.add(s);
            s.getOutputStream().write(ask);
            silent.add(s);
        }
        // a request that comes while theirs are still being built is told to come back (503); then it is answered
        String[] answer = new String[1];
        await().atMost(SCRAPE).until(() -> {
            answer[0] = raw(server.port(), "GET /metrics HTTP/1.1\r\n\r\n");
            return answer[0].startsWith("HTTP/1.1 200 OK\r\n");
        });
        assertEquals(body.length, answer[0].length() - answer[0].indexOf("\r\n\r\n") - 4, "the whole answer");
        // one of them made room: its answer ends before its body does
        List<String> got = new ArrayList<>();
        for (Socket s : silent) {
            s.setSoTimeout((int) SCRAPE.toMillis());
            byte[] start = s.getInputStream().readNBytes(12);
            long n = start.length;
            try {
                n += s.getInputStream().transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // reset: closed with bytes unread
            }
            got.add(new String(start, StandardCharsets.ISO_8859_1) + " " + n);
        }
        assertTrue(
                got.stream()
                        .anyMatch(g -> g.startsWith("HTTP/1.1 200 ") && Long.parseLong(g.substring(13)) < body.length),
                "an answer cut short: " + got);
    }

    @Test
    void anAnswerBeingBuiltIsNeverDroppedForNewerRequests() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger built = new AtomicInteger();
        ScrapeServer server = server(head -> {
            if (built.incrementAndGet() == 1) {
                try {
                    release.await(); // the first scrape takes its time
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Responses.plain(200, "scrape " + built.get());
        });
        byte[] ask = "GET /metrics HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        Socket first = hold(server.port(), ask);
        await().atMost(SCRAPE).until(() -> built.get() == 1);
        List<Socket> later = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            later.add(hold(server.port(), ask));
        }
        // those past the two answers held at once are told to come back, while the first is still built
        await().atMost(SCRAPE).until(() -> {
            int told = 0;
            for (Socket s : later) {
                told += s.getInputStream().available() > 0 ? 1 : 0;
            }
            return told == 3;
        });
        release.countDown();
        first.setSoTimeout((int) SCRAPE.toMillis());
        String answer = new String(first.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertEquals("HTTP/1.1 200 OK", firstLine(answer));
        assertTrue(answer.endsWith("scrape 1\n"), answer);
        List<String> others = new ArrayList<>();
        for (Socket s : later) {
            s.setSoTimeout((int) SCRAPE.toMillis());
            String a = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            others.add(firstLine(a) + (a.endsWith("scrape 2\n") ? " scrape 2" : ""));
        }
        others.sort(null);
        assertEquals(
                List.of(
                        "HTTP/1.1 200 OK scrape 2",
                        "HTTP/1.1 503 Service Unavailable",
                        "HTTP/1.1 503 Service Unavailable",
                        "HTTP/1.1 503 Service Unavailable"),
                others,
                "the one queued behind it is answered next, the others told to come back");
    }

    @Test
    void requestsRefusedAreAnsweredAtOnceWhileEveryAnswerSlotIsTaken() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger built = new AtomicInteger();
        ScrapeServer server = server(
                head -> head.header("Authorization") == null
                        ? Responses.plain(401, "a bearer token is required")
                        : null,
                head -> {
                    built.incrementAndGet();
                    try {
                        release.await(); // scrapes that take their time, holding both slots
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Responses.plain(200, "scrape");
                });
        byte[] ask = "GET /metrics HTTP/1.1\r\nAuthorization: Bearer t\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        List<Socket> scrapers = new ArrayList<>();
        for (int i = 0; i < ScrapeServer.MAX_ANSWERS; i++) {
            scrapers.add(hold(server.port(), ask));
        }
        await().atMost(SCRAPE).until(() -> built.get() >= 1);
        try {
            // a client without the token is told so, not told to come back: it holds no answer's slot
            for (int i = 0; i < 20; i++) {
                assertEquals(
                        "HTTP/1.1 401 Unauthorized",
                        firstLine(raw(server.port(), "GET /metrics HTTP/1.1\r\n\r\n")),
                        "refusal " + i);
            }
            String head = raw(server.port(), "HEAD /metrics HTTP/1.1\r\n\r\n");
            assertEquals("HTTP/1.1 401 Unauthorized", firstLine(head));
            assertTrue(head.endsWith("\r\n\r\n"), "a HEAD answer has no body, an error's line neither: " + head);
            assertTrue(head.contains("\r\nContent-Length: 27\r\n"), "the length a GET would get: " + head);
        } finally {
            release.countDown();
        }
        for (Socket s : scrapers) {
            s.setSoTimeout((int) SCRAPE.toMillis());
            assertTrue(new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1).endsWith("scrape\n"));
        }
    }

    @Test
    void aFloodOfConnectionsThatSendNothingKeepsAtMostItsBoundOpenAndAScrapeGetsThrough() throws Exception {
        int port = start(false, Duration.ofSeconds(30));
        List<SocketChannel> flood = new ArrayList<>();
        try {
            for (int i = 0; i < 4 * ScrapeServer.MAX_CONNECTIONS; i++) {
                SocketChannel c = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                c.configureBlocking(false);
                flood.add(c);
            }
            HttpResponse<String> r = scrape(HttpClient.newHttpClient(), "http://127.0.0.1:" + port + "/metrics");
            assertEquals(200, r.statusCode());
            // what the server keeps: every connection past its bound was closed, the oldest first
            await().atMost(SCRAPE).until(() -> open(flood) <= ScrapeServer.MAX_CONNECTIONS);
            assertTrue(open(flood.subList(0, 64)) == 0, "the oldest were closed");
        } finally {
            for (SocketChannel c : flood) {
                c.close();
            }
        }
    }

    @Test
    void aBurstOfAThousandConnectsIsQueuedWithoutOneSynDroppedAndAScrapeGetsThrough() throws Exception {
        ConnectBurst.needsQueuesOf(1024);
        int port = start(false, Duration.ofSeconds(30));
        assertEquals(0, ConnectBurst.dropped(port, 1000), "connects whose SYN was dropped");
        HttpResponse<String> r = scrape(HttpClient.newHttpClient(), "http://127.0.0.1:" + port + "/metrics");
        assertEquals(200, r.statusCode());
    }

    /** How many of {@code channels} the server has not closed. */
    private static int open(List<SocketChannel> channels) throws IOException {
        int n = 0;
        ByteBuffer b = ByteBuffer.allocate(64);
        for (SocketChannel c : channels) {
            try {
                if (c.read(b.clear()) >= 0) {
                    n++;
                }
            } catch (IOException reset) {
                // closed
            }
        }
        return n;
    }

    @Test
    void anHttpsRequestHeadTooLargeForItsBufferIsAnswered431() throws Exception {
        int port = start(true, Duration.ofSeconds(10));
        SSLContext context = trustingContext(dir.resolve("jmx").resolve(TlsKeys.CERTIFICATE));
        try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout((int) SCRAPE.toMillis());
            // one write: a record of 16 KB, as large as records are
            s.getOutputStream()
                    .write(("GET /metrics HTTP/1.1\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertEquals("HTTP/1.1 431 Request Header Fields Too Large", firstLine(answer));
        }
    }

    /** A TLS client of {@code protocol}, trusting the endpoint's certificate, its first handshake done. */
    private SSLSocket handshaken(int port, String protocol) throws Exception {
        SSLContext context = trustingContext(dir.resolve("jmx").resolve(TlsKeys.CERTIFICATE));
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        s.setEnabledProtocols(new String[] {protocol});
        s.setSoTimeout((int) SCRAPE.toMillis());
        s.startHandshake();
        return s;
    }

    /** Sends a request and reads the first byte of its answer; {@link IOException} when the server closed. */
    private static void ask(SSLSocket s) throws IOException {
        s.getOutputStream().write("GET /metrics HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        if (s.getInputStream().read() < 0) {
            throw new IOException("closed");
        }
    }

    @Test
    void aTls13ClientAskingForKeyUpdatesWithoutEndIsCutOff() throws Exception {
        int port = start(true, Duration.ofSeconds(60)); // its deadline far away: the bound on what it reads cuts it
        try (SSLSocket s = handshaken(port, "TLSv1.3")) {
            assertThrows(IOException.class, () -> {
                for (int i = 0; i < 100_000; i++) {
                    s.startHandshake(); // a KeyUpdate, which the server answers
                }
                ask(s);
            });
        }
    }

    @Test
    void aTls12ClientAskingForASecondHandshakeIsCutOff() throws Exception {
        int port = start(true, Duration.ofSeconds(10));
        try (SSLSocket s = handshaken(port, "TLSv1.2")) {
            assertThrows(IOException.class, () -> {
                s.startHandshake(); // a renegotiation
                ask(s);
            });
        }
        // and the endpoint serves the next client
        HttpResponse<String> r = scrape(
                trusting(dir.resolve("jmx").resolve(TlsKeys.CERTIFICATE)), "https://127.0.0.1:" + port + "/metrics");
        assertEquals(200, r.statusCode());
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
                "HTTP/1.1 200 OK",
                firstLine(raw(port, "\r\nGET /metrics HTTP/1.1\r\n\r\n")),
                "an empty line before the request line is ignored");
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
        return HttpClient.newBuilder().sslContext(trustingContext(certificate)).build();
    }

    private static SSLContext trustingContext(Path certificate) throws Exception {
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
        return context;
    }
}
