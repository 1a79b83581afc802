package io.drover.tests;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs the real jmxterm uber jar (from Maven Central) non-interactively with a script. */
final class Jmxterm {
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Result run(String hostPort, String user, String password, Path script)
            throws IOException, InterruptedException {
        return run(List.of(), hostPort, user, password, script);
    }

    /**
     * @param options jmxterm's JVM options and options of its own after {@code -l}: {@code
     *     -Djavax.net.ssl.trustStore=...} and {@code -s} for a TLS registry
     */
    static Result run(List<String> options, String hostPort, String user, String password, Path script)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        options.stream().filter(o -> o.startsWith("-D")).forEach(cmd::add);
        cmd.addAll(List.of(
                "-jar",
                System.getProperty("jmxterm.jar"),
                "-l",
                hostPort,
                "-n",
                "-v",
                "silent",
                "-e",
                "-i",
                script.toString()));
        options.stream().filter(o -> !o.startsWith("-D")).forEach(cmd::add);
        if (user != null) {
            cmd.addAll(List.of("-u", user, "-p", password));
        }
        BoundedRun.Output o = BoundedRun.run(new ProcessBuilder(cmd), Duration.ofSeconds(60));
        return new Result(o.exit(), o.out(), o.err());
    }
}
