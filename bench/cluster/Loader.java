import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens a new connection per request, as fast as it can, on several threads, until the stop file
 * appears; prints "ok failed". Any refused, reset, timed-out or non-200 request is a failure.
 *
 *   java Loader.java <port> <threads> <stop-file>
 */
public class Loader {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        Path stop = Path.of(args[2]);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        byte[] request = "GET / HTTP/1.0\r\nHost: bench\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                byte[] buf = new byte[4096];
                while (!Files.exists(stop)) {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                        s.setSoTimeout(5000);
                        OutputStream out = s.getOutputStream();
                        out.write(request);
                        var in = s.getInputStream();
                        int n = in.readNBytes(buf, 0, 12);
                        String head = new String(buf, 0, n, StandardCharsets.US_ASCII);
                        while (in.read(buf) > 0) {
                            // drain to the end of the response
                        }
                        if (head.startsWith("HTTP/1.") && head.endsWith(" 200")) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        System.out.println(ok.get() + " " + failed.get());
    }
}
