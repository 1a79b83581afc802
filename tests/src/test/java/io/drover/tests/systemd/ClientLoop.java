package io.drover.tests.systemd;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client of the test web app ({@code cluster/server.py}) that opens a new connection per request, as
 * fast as it can, and sorts every outcome by kind: a right answer, or a refused connection, a timeout, a
 * reset, a wrong answer or any other error. The pids that answered are kept.
 */
final class ClientLoop implements AutoCloseable {
    enum Outcome {
        OK,
        REFUSED,
        TIMEOUT,
        RESET,
        WRONG_ANSWER,
        OTHER_ERROR
    }

    /** The app's answer: its pid, its instance index and the name of its socket. */
    private static final Pattern ANSWER = Pattern.compile("HTTP/1\\.0 200 [\\s\\S]*?\r\n\r\n(\\d+) \\d+ http\n");
    /** Longer than a restart of the daemon takes: a client waiting in the queue that long has timed out. */
    private static final int TIMEOUT_MILLIS = 30_000;

    private final Map<Outcome, AtomicInteger> counts = new EnumMap<>(Outcome.class);
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final AtomicLong longestMillis = new AtomicLong();
    private final Set<String> pids = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    ClientLoop(int port) {
        for (Outcome o : Outcome.values()) {
            counts.put(o, new AtomicInteger());
        }
        thread = new Thread(() -> {
            while (running.get()) {
                request(port);
            }
        });
        thread.start();
    }

    private void request(int port) {
        long t0 = System.nanoTime();
        Outcome outcome;
        String detail;
        try (Socket c = new Socket()) {
            c.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            c.setSoTimeout(TIMEOUT_MILLIS);
            c.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = new String(c.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            Matcher m = ANSWER.matcher(response);
            if (m.matches()) {
                pids.add(m.group(1));
                outcome = Outcome.OK;
            } else {
                outcome = Outcome.WRONG_ANSWER;
            }
            detail = "'" + response + "'";
        } catch (ConnectException e) {
            outcome = Outcome.REFUSED;
            detail = e.toString();
        } catch (SocketTimeoutException e) {
            outcome = Outcome.TIMEOUT;
            detail = e.toString();
        } catch (SocketException e) {
            outcome = String.valueOf(e.getMessage()).contains("reset") ? Outcome.RESET : Outcome.OTHER_ERROR;
            detail = e.toString();
        } catch (IOException | RuntimeException e) {
            outcome = Outcome.OTHER_ERROR;
            detail = e.toString();
        }
        counts.get(outcome).incrementAndGet();
        if (outcome != Outcome.OK) {
            firstFailure.compareAndSet(null, outcome + ": " + detail);
        }
        longestMillis.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
    }

    int count(Outcome o) {
        return counts.get(o).get();
    }

    /** How many requests failed, by kind; empty when every one was answered right. */
    Map<Outcome, Integer> failures() {
        Map<Outcome, Integer> failed = new EnumMap<>(Outcome.class);
        counts.forEach((o, n) -> {
            if (o != Outcome.OK && n.get() > 0) {
                failed.put(o, n.get());
            }
        });
        return failed;
    }

    /** The pids that answered so far. */
    Set<String> pids() {
        return Set.copyOf(pids);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(2L * TIMEOUT_MILLIS);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        counts.forEach((o, n) ->
                s.append(o.name().toLowerCase()).append('=').append(n.get()).append(' '));
        return s + "longest=" + longestMillis.get() + "ms first failure: " + firstFailure.get();
    }
}
