package io.drover.daemon.spawn;

import io.drover.daemon.os.users.RunAs;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command as another user: {@code posix_spawn} cannot change users, and the JVM cannot run code
 * between {@code fork} and {@code exec}, so util-linux's {@code setpriv} goes in front of the command. It
 * sets the groups, then the gid, then the uid, and {@code exec}s the command: the pid stays the one
 * spawned, so {@code LISTEN_PID}, the process group, the pidfd and the reaper are unchanged, and the
 * handed-over descriptors pass through.
 */
public final class UserSwitch {
    private static final List<Path> PLACES = List.of(
            Path.of("/usr/bin/setpriv"),
            Path.of("/bin/setpriv"),
            Path.of("/usr/sbin/setpriv"),
            Path.of("/sbin/setpriv"));

    private static volatile Path setpriv;

    private UserSwitch() {
        /* no instances */
    }

    /**
     * The installed {@code setpriv}.
     *
     * @throws IllegalArgumentException naming what to install when there is none
     */
    public static Path setpriv() {
        Path found = setpriv;
        if (found == null) {
            found = PLACES.stream()
                    .filter(Files::isExecutable)
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("uid: running an app as another user needs"
                            + " setpriv, which is not installed; install util-linux (apt-get install util-linux)"));
            setpriv = found;
        }
        return found;
    }

    /**
     * What of an app's files {@code runAs} cannot use, checked as that user, so a program under {@code /root}
     * is one line at start rather than a crash loop with exit code 126.
     *
     * @return {@code run <path>}, {@code read <path>} or {@code enter <path>}; empty when all can be used, or
     *     when the check itself could not run
     */
    public static Optional<String> unusable(RunAs runAs, Path executable, Path script, Path cwd) {
        List<String> check = List.of(
                "/bin/sh",
                "-c",
                "if [ ! -x \"$1\" ]; then echo \"run $1\"; elif [ ! -r \"$2\" ]; then echo \"read $2\";"
                        + " elif ! cd \"$3\" 2>/dev/null; then echo \"enter $3\"; fi",
                "sh",
                executable.toString(),
                script.toString(),
                cwd.toString());
        try {
            Process p = new ProcessBuilder(wrap(runAs, check))
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            String out = new String(p.getInputStream().readNBytes(4096), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 && !out.isEmpty() ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** {@code argv} run as {@code runAs}: {@code setpriv --reuid=U --regid=G --groups=... -- argv...}. */
    public static List<String> wrap(RunAs runAs, List<String> argv) {
        List<String> w = new ArrayList<>();
        w.add(setpriv().toString());
        w.add("--reuid=" + runAs.uid());
        w.add("--regid=" + runAs.gid());
        w.add(runAs.groups().isEmpty() ? "--clear-groups" : "--groups=" + runAs.groupsText());
        w.add("--");
        w.addAll(argv);
        return w;
    }
}
