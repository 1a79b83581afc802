package io.drover.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads metrics text with the Prometheus Python client's own parsers ({@code prometheus_client}, Debian's
 * python3-prometheus-client), so a test proves a real scraper understands what an endpoint serves.
 */
public final class PrometheusText {
    /** Prints each family as {@code # <name> <type>} and each sample as {@code name{k="v",...} value}, labels sorted. */
    private static final String SCRIPT = String.join(
            "\n",
            "import sys",
            "if sys.argv[1] == 'openmetrics':",
            "    from prometheus_client.openmetrics.parser import text_string_to_metric_families",
            "else:",
            "    from prometheus_client.parser import text_string_to_metric_families",
            "for f in text_string_to_metric_families(sys.stdin.read()):",
            "    print('#', f.name, f.type)",
            "    for s in f.samples:",
            "        labels = ','.join('%s=\"%s\"' % (k, v) for k, v in sorted(s.labels.items()))",
            "        print('%s{%s} %r' % (s.name, labels, float(s.value)))",
            "");

    private PrometheusText() {
        /* no instances */
    }

    /** A python with {@code prometheus_client}: the one on the PATH, else the system's (pyenv's may lack it). */
    public static String python() {
        for (String p : List.of("python3", "/usr/bin/python3")) {
            if (works(List.of(p, "-c", "import prometheus_client"))) {
                return p;
            }
        }
        return null;
    }

    /** Skips the test, or fails it where every test must run, without the parser. */
    public static void needed() {
        Needs.that(
                python() != null,
                "the Prometheus client for Python is not installed (apt-get install" + " python3-prometheus-client)");
    }

    /**
     * Parses {@code text}.
     *
     * @param openMetrics with the OpenMetrics parser, else the Prometheus text format's
     * @throws AssertionError with the parser's message when it refuses the text
     */
    public static List<String> parse(String text, boolean openMetrics) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(python(), "-c", SCRIPT, openMetrics ? "openmetrics" : "text").start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("the Prometheus parser refused the text: "
                    + new String(err, StandardCharsets.UTF_8) + "\n--- text\n" + text);
        }
        return new ArrayList<>(List.of(new String(out, StandardCharsets.UTF_8).split("\n")));
    }

    private static boolean works(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
