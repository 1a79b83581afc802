package io.drover.daemon.ecosystem;

import com.sun.jna.LastErrorException;
import io.drover.daemon.interpreter.CommandResolver;
import io.drover.daemon.os.files.PathWalk;
import io.drover.daemon.os.linux.LibC;
import io.drover.daemon.os.linux.Signal;
import io.drover.daemon.os.users.Accounts;
import io.drover.daemon.os.users.RunAs;
import io.drover.daemon.spawn.UserSwitch;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs {@code node} on a JavaScript ecosystem file and takes what it prints, as PM2 evaluates such files. The
 * file is code: node runs in a process group of its own (killed whole when it overruns its time), its output
 * is read up to a bound, variables that make node load other code are dropped, and when a root daemon reads a
 * file another user owns, node runs as that user with a clean environment, so the file gets that user's
 * rights and none of root's secrets.
 */
final class NodeRun {
    /** The line of node's report that names the error: {@code SyntaxError: Unexpected end of input}. */
    private static final Pattern ERROR_LINE = Pattern.compile("[A-Za-z]*(Error|Exception)\\b.*");
    /** The line that comes first when node can say where: {@code /srv/ecosystem.config.js:2}. */
    private static final Pattern FILE_LINE = Pattern.compile("/.*:(\\d+)");

    /** How long node may take to read a file. */
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** What stderr keeps for the error line. */
    private static final int ERR_BYTES = 64 * 1024;
    /** Variables that make node or the loader run code the file did not name. */
    private static final Set<String> LOADERS =
            Set.of("NODE_OPTIONS", "NODE_REPL_EXTERNAL_MODULE", "LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT");
    /** What a clean environment keeps from the caller's. */
    private static final Set<String> CLEAN = Set.of("PATH", "LANG", "LC_ALL", "TZ", "NODE_ENV");

    /** The file's code failed: node ended with an error, whose first line is {@link #error}. */
    static final class Threw extends EcosystemException {
        private final String error;

        Threw(Path file, String error) {
            super(file + ": the file threw: " + error);
            this.error = error;
        }

        String error() {
            return error;
        }
    }

    private NodeRun() {
        /* no instances */
    }

    /**
     * The error in what node wrote: its {@code SyntaxError: ...} line, after the line it points at when node
     * names one ({@code /srv/ecosystem.config.js:2} comes first, the error some lines below); else the first line.
     */
    static String error(String stderr) {
        String[] lines = stderr.strip().split("\n");
        for (String l : lines) {
            if (ERROR_LINE.matcher(l).matches()) {
                Matcher at = FILE_LINE.matcher(lines[0]);
                return (at.matches() ? "line " + at.group(1) + ": " : "") + l.strip();
            }
        }
        return EcosystemFile.firstLine(stderr);
    }

    /**
     * Prints the file's export as JSON with {@code script}; at most {@code maxBytes}, within {@code timeout}.
     *
     * @param env the caller's environment (its {@code PATH} finds {@code node})
     */
    static byte[] evaluate(Path file, String script, Map<String, String> env, long maxBytes, Duration timeout)
            throws IOException {
        Path node = node(env)
                .orElseThrow(() -> new EcosystemException(file + ": reading a JavaScript ecosystem file needs node,"
                        + " which is not on " + path(env) + "; install nodejs, or write the file as .json or .yml"));
        Optional<RunAs> runAs = otherOwner(file);
        List<String> nodeArgv = List.of(node.toString(), "-e", script, file.toString());
        List<String> command = new ArrayList<>(List.of(setsid(file)));
        command.addAll(runAs.map(o -> UserSwitch.wrap(o, nodeArgv)).orElse(nodeArgv));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(file.getParent().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(runAs.map(o -> clean(env, o)).orElseGet(() -> withoutLoaders(env)));
        Process p = pb.start();
        CompletableFuture<byte[]> out =
                CompletableFuture.supplyAsync(() -> readUpTo(p.getInputStream(), maxBytes + 1, false));
        // stderr is drained to its end, so node never blocks on it, and its first part kept for the message
        CompletableFuture<byte[]> err =
                CompletableFuture.supplyAsync(() -> readUpTo(p.getErrorStream(), ERR_BYTES, true));
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            byte[] json = out.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (json.length > maxBytes) {
                killGroup(p);
                throw new EcosystemException(file + ": its export is larger than " + maxBytes / (1024 * 1024) + " MB");
            }
            if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new TimeoutException();
            }
            if (p.exitValue() != 0) {
                throw new Threw(file, error(new String(err.get(1, TimeUnit.SECONDS), StandardCharsets.UTF_8)));
            }
            return json;
        } catch (TimeoutException e) {
            throw new EcosystemException(file + ": node did not finish reading it within " + timeout.toSeconds()
                    + " s; does it wait for something?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EcosystemException(file + ": interrupted while node read it");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } finally {
            killGroup(p); // what the file left running (a timer, a child process) goes with it
        }
    }

    /** The node program on the caller's {@code PATH}, if there is one. */
    static Optional<Path> node(Map<String, String> env) {
        String path = env.getOrDefault("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        return CommandResolver.findProgram("node", path).or(() -> CommandResolver.findProgram("nodejs", path));
    }

    /** {@code PATH (...)}, for a message saying node is not there. */
    static String path(Map<String, String> env) {
        return "PATH (" + env.getOrDefault("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")) + ")";
    }

    /**
     * Who node runs as when this daemon runs as root: the one user other than root who could change what node
     * reads, or root when no one can. Whoever owns the file, or any folder or link its path passes through
     * ({@link PathWalk}), can put another file in its place between this check and node's read. A file or folder
     * that users other than its owner may write, or two such users, is refused: no one account's rights would
     * contain the code.
     */
    static Optional<RunAs> otherOwner(Path file) throws IOException {
        Accounts accounts = Accounts.system();
        if (!accounts.self().root()) {
            return Optional.empty();
        }
        Set<Integer> owners = new TreeSet<>();
        for (PathWalk.Step s : PathWalk.of(file)) {
            if (s.uid() != 0) {
                owners.add(s.uid());
            }
            if (s.writableByOthers()) {
                throw new EcosystemException(file + ": " + s.path() + " may be changed by users other than its owner"
                        + " (mode " + Integer.toOctalString(s.mode() & 07777) + "), who could swap the file while node"
                        + " reads it as root; remove their write permission (chmod go-w " + s.path() + ")");
            }
        }
        if (owners.size() > 1) {
            throw new EcosystemException(file + ": it and the folders above it belong to users "
                    + owners.stream().map(String::valueOf).collect(Collectors.joining(" and "))
                    + ", each of whom could swap it while node reads it as the other; let one user own them");
        }
        return owners.isEmpty()
                ? Optional.empty()
                : accounts.resolve(Integer.toString(owners.iterator().next()), "");
    }

    static Map<String, String> clean(Map<String, String> env, RunAs user) {
        Map<String, String> e = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (CLEAN.contains(k) || k.startsWith("LC_")) {
                e.put(k, v);
            }
        });
        e.putAll(user.environment());
        return e;
    }

    static Map<String, String> withoutLoaders(Map<String, String> env) {
        Map<String, String> e = new LinkedHashMap<>(env);
        e.keySet().removeAll(LOADERS);
        return e;
    }

    private static String setsid(Path file) {
        for (String dir : List.of("/usr/bin", "/bin")) {
            Path p = Path.of(dir, "setsid");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new EcosystemException(
                file + ": reading a JavaScript ecosystem file needs setsid (util-linux); install util-linux");
    }

    /** Up to {@code max} bytes of {@code in}; then stops, or with {@code drain} reads the rest away. */
    private static byte[] readUpTo(InputStream in, long max, boolean drain) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (b.size() < max) {
                    b.write(buf, 0, (int) Math.min(n, max - b.size()));
                }
                if (b.size() >= max && !drain) {
                    break; // enough to tell: the group is killed, which closes the pipe
                }
            }
        } catch (IOException e) {
            // the process went away; what was read is what there is
        }
        return b.toByteArray();
    }

    private static void killGroup(Process p) {
        try {
            LibC.kill(-(int) p.pid(), Signal.SIGKILL.number()); // setsid made node the leader of its own group
        } catch (LastErrorException e) {
            // already gone
        }
        p.destroyForcibly();
    }
}
