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
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
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
        if (user != null) {
            cmd.addAll(List.of("-u", user, "-p", password));
        }
        BoundedRun.Output o = BoundedRun.run(new ProcessBuilder(cmd), Duration.ofSeconds(60));
        return new Result(o.exit(), o.out(), o.err());
    }
}
