package io.drover.daemon.interpreter;

import io.drover.spi.interpreter.Interpreter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a script and an optional {@code --interpreter} into the program to spawn. In order: {@code
 * none} runs the script itself; an explicit interpreter (a plugin id, a program a plugin knows, or any
 * program); the plugin for the file's extension; an executable file; a {@code #!} line. A command line
 * ({@link ShellCommand}) runs through a shell. Every program is looked up on the app's {@code PATH} here, so
 * a missing one is a clear error at start, not an exit code 127 later.
 */
public final class CommandResolver {
    /** What {@code --interpreter none} means: exec the script itself. */
    public static final String NONE = "none";

    private final InterpreterRegistry registry;
    private final Path shimDir;

    public CommandResolver(InterpreterRegistry registry) {
        this(
                registry,
                Path.of(
                        System.getProperty("java.io.tmpdir"),
                        "drover-shims-" + ProcessHandle.current().pid()));
    }

    /**
     * @param shimDir where interpreters' socket shims are written: {@code $DROVER_HOME/run/shims}, or for a root
     *     daemon, whose apps may run as other users that cannot enter its home, {@code /run/drover/shims}
     */
    public CommandResolver(InterpreterRegistry registry, Path shimDir) {
        this.registry = registry;
        this.shimDir = shimDir;
    }

    /**
     * The resolved command.
     *
     * @param label what runs the script, for display
     * @param executable absolute path of the program to spawn
     * @param argv the full argument vector
     * @param env variables the interpreter adds unless the app sets them
     * @param channel how the process finds its channel to the daemon, null when it gets none
     */
    public record Command(
            String label,
            Path executable,
            List<String> argv,
            Map<String, String> env,
            Interpreter.ShimChannel channel) {
        public Command(String label, Path executable, List<String> argv, Map<String, String> env) {
            this(label, executable, argv, env, null);
        }
    }

    /**
     * @param script absolute path of an existing script
     * @param interpreter the user's choice, empty for automatic
     * @param interpreterArgs arguments between the interpreter and the script
     * @param args arguments after the script
     * @param path the app's {@code PATH}
     * @throws IllegalArgumentException with a message naming the problem and the fix
     */
    public Command resolve(
            Path script, String interpreter, List<String> interpreterArgs, List<String> args, String path) {
        return resolve(script, interpreter, interpreterArgs, args, path, false);
    }

    /**
     * @param sockets whether the app declares listening sockets: its interpreter's socket shim, if it has
     *     one, is loaded ahead of the script (always, when the interpreter has a shim channel)
     */
    public Command resolve(
            Path script,
            String interpreter,
            List<String> interpreterArgs,
            List<String> args,
            String path,
            boolean sockets) {
        String choice = interpreter == null ? "" : interpreter.trim();
        if (choice.equals(NONE)) {
            if (!Files.isExecutable(script)) {
                throw new IllegalArgumentException("cannot exec " + script
                        + " directly (--interpreter none): it is not executable; run 'chmod +x " + script
                        + "' or name an interpreter");
            }
            return new Command(NONE, script, concat(List.of(script.toString()), interpreterArgs, args), Map.of());
        }
        if (!choice.isEmpty()) {
            Optional<Interpreter> plugin = registry.byId(choice).or(() -> registry.byExecutable(choice));
            if (plugin.isPresent() && !choice.contains("/")) {
                Interpreter i = plugin.get();
                List<String> programs = i.id().equals(choice) ? i.executables() : List.of(choice);
                return viaInterpreter(i, programs, script, interpreterArgs, args, path, sockets);
            }
            Path program = findProgram(choice, path)
                    .orElseThrow(() -> new IllegalArgumentException("interpreter '" + choice
                            + "' is not installed: not found on PATH (" + path
                            + "); install it or pass --interpreter with its full path"));
            return new Command(
                    choice,
                    program,
                    concat(List.of(program.toString()), interpreterArgs, List.of(script.toString()), args),
                    Map.of());
        }
        String fileName = script.getFileName().toString();
        Optional<Interpreter> byExtension = registry.forFile(fileName);
        if (byExtension.isPresent()) {
            return viaInterpreter(
                    byExtension.get(), byExtension.get().executables(), script, interpreterArgs, args, path, sockets);
        }
        List<String> shebang = shebang(script);
        if (Files.isExecutable(script)) {
            return new Command(NONE, script, concat(List.of(script.toString()), args), Map.of());
        }
        if (!shebang.isEmpty()) {
            return viaShebang(shebang, script, interpreterArgs, args, path);
        }
        throw new IllegalArgumentException("don't know how to run " + script
                + ": no interpreter claims its name, it has no #! line and it is not executable; pass"
                + " --interpreter <program> (see 'drover interpreters') or make it executable");
    }

    /**
     * A command line run by a shell, as PM2 runs a script holding a space: {@code <shell> -c '<line>'}, the
     * shell {@code bash} when the app's {@code PATH} has it (PM2's choice, so bash's syntax keeps working),
     * {@code sh} otherwise, or the one {@code --interpreter} names. The args follow as the shell's {@code $1...}
     * after its name as {@code $0}.
     *
     * @param interpreter a shell, empty for bash or sh
     * @param interpreterArgs must be empty: they belong in the line
     * @param cwd where the line runs, to find a program named by a relative path
     */
    public Command resolve(
            ShellCommand command,
            String interpreter,
            List<String> interpreterArgs,
            List<String> args,
            String path,
            Path cwd) {
        if (!interpreterArgs.isEmpty()) {
            throw new IllegalArgumentException("interpreter_args: '" + String.join(" ", interpreterArgs)
                    + "' has no program to go to: the command '" + command.text()
                    + "' runs through the shell; write them into the command, after its program");
        }
        Path shell = shell(command, interpreter == null ? "" : interpreter.trim(), path);
        String line = command.forShell(args);
        List<String> argv = new ArrayList<>(List.of(shell.toString(), "-c", line));
        if (!args.isEmpty()) {
            argv.add(shell.getFileName().toString());
            argv.addAll(args);
        }
        program(command, path, cwd);
        Map<String, String> env = command.program()
                .flatMap(p -> registry.byExecutable(Path.of(p).getFileName().toString()))
                .map(Interpreter::environment)
                .orElse(Map.of());
        return new Command(shell.getFileName().toString(), shell, argv, env);
    }

    /**
     * The program a command line runs, found as the shell would find it.
     *
     * @return empty when it cannot be known before the line runs (a builtin, an expansion, a {@code cd} first)
     * @throws IllegalArgumentException when the line is that program alone and it is missing or not executable
     */
    public static Optional<Path> program(ShellCommand command, String path, Path cwd) {
        if (!command.programAlone()) {
            return Optional.empty();
        }
        String program = command.program().orElseThrow();
        if (program.contains("/")) {
            Path p = cwd.resolve(program).normalize();
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
            throw new IllegalArgumentException("the command '" + command.text() + "' runs " + p + ", which "
                    + (Files.isRegularFile(p) ? "is not executable" : "does not exist")
                    + (command.text().startsWith(program + " ")
                            ? " (and no file " + cwd.resolve(command.text()).normalize() + " exists either)"
                            : "")
                    + "; check the path");
        }
        Optional<Path> found = findProgram(program, path);
        if (found.isPresent()) {
            return found;
        }
        String fix = "install it or fix the command";
        if (Files.isRegularFile(cwd.resolve(program)) && command.text().startsWith(program + " ")) {
            // 'app.js --port 3': a file given its arguments the way PM2 takes them
            fix = "to give the file " + program + " arguments: drover start " + program + " -- "
                    + command.text().substring(program.length() + 1);
        }
        throw new IllegalArgumentException("the command '" + command.text() + "' runs '" + program
                + "', which is not on PATH (" + path + "); " + fix);
    }

    private static Path shell(ShellCommand command, String choice, String path) {
        if (choice.isEmpty()) {
            return findProgram("bash", path)
                    .or(() -> findProgram("sh", path))
                    .orElseThrow(() -> new IllegalArgumentException("the command '" + command.text()
                            + "' runs through a shell, and neither bash nor sh is on PATH (" + path
                            + "); install one or add its directory to PATH"));
        }
        if (!choice.substring(choice.lastIndexOf('/') + 1).endsWith("sh")) {
            throw new IllegalArgumentException("interpreter '" + choice + "' cannot run the command '"
                    + command.text() + "': a command runs through a shell (bash, sh, zsh...); name a shell"
                    + " with --interpreter, or drop it");
        }
        return findProgram(choice, path)
                .orElseThrow(() -> new IllegalArgumentException("interpreter '" + choice
                        + "' is not installed: not found on PATH (" + path
                        + "); install it or pass --interpreter with its full path"));
    }

    /**
     * Whether the app's interpreter has a socket shim, so that its {@code listen(port)} takes a socket handed
     * over on that port without a change to the app (Node's); an app run otherwise binds its port itself.
     */
    public boolean takesSocketsAsIs(Path script, String interpreter) {
        String choice = interpreter == null ? "" : interpreter.trim();
        if (choice.equals(NONE) || choice.contains("/")) {
            return false;
        }
        Optional<Interpreter> i = choice.isEmpty()
                ? registry.forFile(script.getFileName().toString())
                : registry.byId(choice).or(() -> registry.byExecutable(choice));
        try {
            return i.isPresent() && i.get().socketShim() != null;
        } catch (RuntimeException e) {
            return false; // resolve() names the plugin's failure
        }
    }

    private Command viaInterpreter(
            Interpreter i,
            List<String> programs,
            Path script,
            List<String> interpreterArgs,
            List<String> args,
            String path,
            boolean sockets) {
        Interpreter.SocketShim shim = socketShim(i);
        Interpreter.ShimChannel channel = shim == null ? null : shimChannel(i);
        for (String p : programs) {
            Optional<Path> found = findProgram(p, path);
            if (found.isPresent()) {
                return new Command(
                        p,
                        found.get(),
                        concat(
                                List.of(found.get().toString()),
                                sockets || channel != null ? shimArguments(i, shim) : List.of(),
                                i.arguments(),
                                interpreterArgs,
                                List.of(script.toString()),
                                args),
                        i.environment(),
                        channel);
            }
        }
        throw new IllegalArgumentException("interpreter '" + i.id() + "' for " + script.getFileName()
                + " is not installed: none of " + String.join(", ", programs) + " is on PATH (" + path
                + "); install it or pass --interpreter <program>");
    }

    private Command viaShebang(
            List<String> shebang, Path script, List<String> interpreterArgs, List<String> args, String path) {
        List<String> words = new ArrayList<>(shebang);
        String program = words.remove(0);
        if (Path.of(program).getFileName().toString().equals("env") && !words.isEmpty()) {
            if (words.get(0).equals("-S")) {
                words.remove(0);
            }
            if (words.isEmpty()) {
                throw new IllegalArgumentException("the #! line of " + script + " names no program after env");
            }
            program = words.remove(0);
        }
        String name = program;
        Path resolved = findProgram(program, path)
                .orElseThrow(() -> new IllegalArgumentException("interpreter '" + name + "' from the #! line of "
                        + script + " is not installed; install it or pass --interpreter"));
        return new Command(
                Path.of(name).getFileName().toString(),
                resolved,
                concat(List.of(resolved.toString()), words, interpreterArgs, List.of(script.toString()), args),
                Map.of());
    }

    private static Interpreter.SocketShim socketShim(Interpreter i) {
        try {
            return i.socketShim();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "interpreter plugin '" + i.id() + "' failed to give its socket shim: " + e.getMessage());
        }
    }

    private static Interpreter.ShimChannel shimChannel(Interpreter i) {
        try {
            return i.shimChannel();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "interpreter plugin '" + i.id() + "' failed to give its shim channel: " + e.getMessage());
        }
    }

    /** The arguments that load the interpreter's socket shim, written to a file named after its content. */
    private List<String> shimArguments(Interpreter i, Interpreter.SocketShim shim) {
        if (shim == null) {
            return List.of();
        }
        String digest = Integer.toHexString(shim.content().hashCode());
        Path file = shimDir.resolve(i.id() + "-" + digest).resolve(shim.fileName());
        try {
            if (!Files.exists(file)) {
                // readable by every user: an app may run as another user than the daemon, and the shim is
                // the plugin's own code, nothing secret
                for (Path dir : List.of(shimDir, file.getParent())) {
                    Files.createDirectories(dir);
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
                Path temp = Files.createTempFile(file.getParent(), ".shim", ".tmp");
                Files.writeString(temp, shim.content());
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the socket shim of '" + i.id() + "' to " + file + ": "
                    + e.getMessage() + "; check that the daemon can write " + shimDir);
        }
        List<String> a = new ArrayList<>(shim.arguments());
        a.add(file.toString());
        return a;
    }

    /** The words of the script's {@code #!} line, empty if it has none. */
    static List<String> shebang(Path script) {
        try (InputStream in = Files.newInputStream(script)) {
            byte[] head = in.readNBytes(256);
            if (head.length < 3 || head[0] != '#' || head[1] != '!') {
                return List.of();
            }
            String line = new String(head, 2, head.length - 2, StandardCharsets.UTF_8);
            int nl = line.indexOf('\n');
            line = (nl >= 0 ? line.substring(0, nl) : line).trim();
            return line.isEmpty() ? List.of() : Arrays.asList(line.split("\\s+"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Finds {@code program} (a name, or a path with a slash) as an executable file. */
    public static Optional<Path> findProgram(String program, String path) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
        }
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all;
    }
}
