package io.drover.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
        Path out = Files.createTempFile("jmxterm-out", ".txt");
        Path err = Files.createTempFile("jmxterm-err", ".txt");
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jmxterm did not finish in 60 s");
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }
}
