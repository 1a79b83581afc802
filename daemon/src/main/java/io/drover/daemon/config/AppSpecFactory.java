package io.drover.daemon.config;

import io.drover.api.settings.SettingValues;
import io.drover.api.settings.Settings;
import io.drover.api.settings.Watch;
import io.drover.daemon.interpreter.CommandResolver;
import io.drover.daemon.interpreter.ShellCommand;
import io.drover.daemon.loghandler.LogHandlers;
import io.drover.daemon.os.users.Accounts;
import io.drover.daemon.os.users.RunAs;
import io.drover.daemon.process.AppSpec;
import io.drover.daemon.process.Cluster;
import io.drover.daemon.process.Logs;
import io.drover.daemon.process.Supervision;
import io.drover.daemon.socket.SocketSpec;
import io.drover.daemon.spawn.UserSwitch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * Builds an {@link AppSpec} from an {@link AppDefinition}, checking everything before anything starts:
 * the script exists (or, for a command line, its program), its interpreter is installed, the name is usable.
 */
public final class AppSpecFactory {
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final CommandResolver resolver;
    private final Path logDir;
    private static final Path DEV_NULL = Path.of("/dev/null");
    private final Map<String, String> daemonEnv;
    private final IntSupplier cpus;
    private final LogHandlers logHandlers;
    private final Accounts accounts;

    public AppSpecFactory(CommandResolver resolver, Path logDir, Map<String, String> daemonEnv, IntSupplier cpus) {
        this(resolver, logDir, daemonEnv, cpus, LogHandlers.NONE);
    }

    /**
     * @param daemonEnv the daemon's environment: {@code PATH} to find programs, {@code DROVER_LOG_<ID>} for the
     *     daemon-wide settings of log handlers
     */
    public AppSpecFactory(
            CommandResolver resolver,
            Path logDir,
            Map<String, String> daemonEnv,
            IntSupplier cpus,
            LogHandlers logHandlers) {
        this(resolver, logDir, daemonEnv, cpus, logHandlers, Accounts.system());
    }

    /**
     * @param logDir where an app's log files go unless it names its own; null for none: such output goes to
     *     {@code /dev/null} (the foreground runtime, which prints every app's output on its console, as
     *     pm2-runtime does)
     * @param accounts the users apps may run as, and who this daemon runs as
     */
    public AppSpecFactory(
            CommandResolver resolver,
            Path logDir,
            Map<String, String> daemonEnv,
            IntSupplier cpus,
            LogHandlers logHandlers,
            Accounts accounts) {
        this.resolver = resolver;
        this.logDir = logDir;
        this.daemonEnv = Map.copyOf(daemonEnv);
        this.cpus = cpus;
        this.logHandlers = logHandlers;
        this.accounts = accounts;
    }

    private Path defaultLog(String file) {
        return logDir == null ? DEV_NULL : logDir.resolve(file);
    }

    /** Each installed log handler's settings: the daemon's, overlaid by the app's; checked by the handler. */
    private Map<String, Map<String, String>> handlerSettings(SettingValues settings) {
        Map<String, Map<String, String>> given = settings.handlers();
        for (String id : given.keySet()) {
            if (logHandlers.byId(id).isEmpty()) {
                throw new IllegalArgumentException("log_" + id + ": no log handler '" + id + "' is installed"
                        + (logHandlers.ids().isEmpty()
                                ? ""
                                : " (installed: " + String.join(", ", logHandlers.ids()) + ")")
                        + "; check the name or install its plugin");
            }
        }
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        for (String id : logHandlers.ids()) {
            String envKey = "DROVER_LOG_" + id.toUpperCase(Locale.ROOT);
            Map<String, String> s =
                    new LinkedHashMap<>(Settings.handler(id).named(envKey).parse(daemonEnv.getOrDefault(envKey, "")));
            String key = "log_" + id;
            if (given.containsKey(id)) {
                Map<String, String> own = given.get(id);
                if (own.isEmpty()) {
                    s.clear(); // log_rotate: false turns the daemon's default off for this app
                } else {
                    s.putAll(own);
                }
            }
            if (s.isEmpty()) {
                continue;
            }
            try {
                logHandlers.byId(id).orElseThrow().check(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(key + ": the '" + id + "' handler failed to check " + s + ": " + e);
            }
            all.put(id, s);
        }
        return all;
    }

    /** @throws IllegalArgumentException with a one-line message naming the problem and the fix */
    public AppSpec create(AppDefinition r) {
        if (r.script().isBlank()) {
            throw new IllegalArgumentException("no script given: 'drover start <script>'");
        }
        // an empty environment is the daemon's (a JMX client that sends none), less what filter_env drops
        Map<String, String> env = new HashMap<>(
                r.env().isEmpty() ? r.settings().get(Settings.FILTER_ENV).apply(daemonEnv) : r.env());
        String path = env.getOrDefault("PATH", daemonEnv.getOrDefault("PATH", DEFAULT_PATH));

        Path cwd = r.cwd().isBlank() ? null : Path.of(r.cwd()).toAbsolutePath().normalize();
        if (cwd != null && !Files.isDirectory(cwd)) {
            throw new IllegalArgumentException("working directory " + cwd + " does not exist; fix --cwd");
        }
        // a command line runs where it is given, or where the daemon runs when no directory comes with it
        Path base = cwd == null ? Path.of("").toAbsolutePath() : cwd;
        ShellCommand line = commandLine(r.script(), base);
        Path script = line == null ? locateScript(r.script(), cwd, path) : null;
        if (cwd == null) {
            cwd = script == null ? base : script.getParent();
        }
        String name = !r.name().isBlank()
                ? r.name().trim()
                : script == null ? ShellCommand.defaultName(line.text()) : defaultName(script);
        checkName(name);
        String namespace = r.namespace().isBlank() ? "default" : r.namespace().trim();

        int instances = instances(r.instances());
        SettingValues given = portSocket(r.settings(), script, r.interpreter());
        int port = given.get(Settings.PORT);
        if (port > 0) {
            env.put("PORT", Integer.toString(port));
        }
        AppOptions.Parsed options = AppOptions.parse(given, cwd, name);
        RunAs runAs = accounts.resolve(given.get(Settings.UID), given.get(Settings.GID))
                .orElse(null);
        if (runAs != null) {
            UserSwitch.setpriv();
            env.putAll(runAs.environment());
        }
        boolean handsSockets =
                !options.cluster().sockets().isEmpty() && !options.cluster().socketOnStdin();
        CommandResolver.Command command = script != null
                ? resolver.resolve(script, r.interpreter(), r.interpreterArgs(), r.args(), path, handsSockets)
                : resolver.resolve(line, r.interpreter(), r.interpreterArgs(), r.args(), path, cwd);
        command.env().forEach(env::putIfAbsent);
        if (command.channel() != null) {
            env.putAll(command.channel().environment());
        }
        if (runAs != null) {
            // a command line: its program when it is known, read through the shell
            Path program = script != null
                    ? command.executable()
                    : CommandResolver.program(line, path, cwd).orElse(command.executable());
            Path read = script != null ? script : command.executable();
            UserSwitch.unusable(runAs, program, read, cwd).ifPresent(what -> {
                throw unusable(runAs, what);
            });
        }
        String increment = options.cluster().incrementVar();
        if (!increment.isEmpty() && env.containsKey(increment)) {
            try {
                Long.parseLong(env.get(increment).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("increment_var: " + increment + " is '" + env.get(increment)
                        + "' in the app's environment, not a number to count up from; set it to a number");
            }
        }
        Cluster cluster = options.cluster();
        if (command.channel() != null) {
            cluster = cluster.withChannel(command.channel().descriptorVariable());
        }
        String fileName = name.replaceAll("[^a-zA-Z0-9.-]", "-");
        AppOptions.LogFormat format = options.logFormat();
        String logFile = given.get(Settings.LOG_FILE);
        Path combined = null;
        if (!logFile.isEmpty() && !logFile.equalsIgnoreCase("false")) {
            combined = logFile.equalsIgnoreCase("true")
                    ? defaultLog(fileName + ".log")
                    : cwd.resolve(logFile).normalize();
        }
        // as PM2: one file for every instance in fork mode, a file per instance in cluster mode
        boolean merge = format.merge() != null ? format.merge() : !cluster.rolling();
        Logs logs = new Logs(
                combined, merge, format.disabled(), format.dateFormat(), format.json(), handlerSettings(given));
        String outFile = given.get(Settings.OUT_FILE);
        String errorFile = given.get(Settings.ERROR_FILE);
        Path outLog = outFile.isEmpty() ? defaultLog(fileName + "-out.log") : cwd.resolve(outFile);
        Path errorLog = errorFile.isEmpty() ? defaultLog(fileName + "-error.log") : cwd.resolve(errorFile);
        return new AppSpec(
                name,
                namespace,
                script != null ? script.toString() : line.text(),
                r.args(),
                cwd,
                command.label(),
                r.interpreterArgs(),
                command.executable(),
                command.argv(),
                env,
                instances,
                options.killTimeout(),
                options.stopSignal(),
                outLog,
                errorLog,
                options.supervision(),
                cluster,
                logs,
                effective(given, options, cluster, logs, outLog, errorLog),
                runAs);
    }

    /**
     * {@code port} declares a socket, as {@code listen: <port>} would, for an app whose {@code listen(port)}
     * takes it as it is (Node's, through its interpreter's shim); {@code listen}, when given, says which
     * sockets there are, and an app run otherwise binds its {@code PORT} itself, as under PM2.
     */
    private SettingValues portSocket(SettingValues given, Path script, String interpreter) {
        int port = given.get(Settings.PORT);
        if (port == 0
                || script == null // a command line: its program binds PORT itself
                || given.has(Settings.LISTEN)
                || !resolver.takesSocketsAsIs(script, interpreter)) {
            return given;
        }
        return given.with(Settings.LISTEN, Settings.LISTEN.parse(Integer.toString(port)));
    }

    /**
     * The settings the app runs with, for {@code show} and for telling which settings a new definition
     * changes: those given, with what was resolved from them in their declared form.
     */
    private static SettingValues effective(
            SettingValues given, AppOptions.Parsed options, Cluster cluster, Logs logs, Path outLog, Path errorLog) {
        Supervision.Watch watch = options.supervision().watch();
        return given.with(Settings.EXEC_MODE, cluster.mode())
                .with(Settings.KILL_SIGNAL, options.stopSignal().name())
                .with(
                        Settings.WATCH,
                        new Watch(
                                watch.enabled(),
                                watch.paths().stream().map(Path::toString).toList()))
                .with(
                        Settings.LISTEN,
                        cluster.sockets().stream().map(SocketSpec::declared).toList())
                .with(Settings.INSTANCE_VAR, cluster.instanceVar())
                .with(
                        Settings.LOG_FILE,
                        logs.combined() == null ? "" : logs.combined().toString())
                .with(Settings.MERGE_LOGS, logs.merge())
                .with(Settings.OUT_FILE, outLog.toString())
                .with(Settings.ERROR_FILE, errorLog.toString());
    }

    /** {@code what} is {@code run <path>}, {@code read <path>} or {@code enter <path>}. */
    private static IllegalArgumentException unusable(RunAs runAs, String what) {
        String user = runAs.user();
        String fix = what.startsWith("run ")
                ? "install it where " + user + " can run it, or choose another --interpreter"
                : what.startsWith("read ")
                        ? "put the app where " + user + " can read it"
                        : "choose a --cwd " + user + " can enter";
        return new IllegalArgumentException("uid: user " + user + " cannot " + what
                + " (the file, or a directory on its way, is closed to " + user + "); " + fix);
    }

    /**
     * The script as a command line for the shell, as PM2 reads one: it holds a blank and names no file or
     * directory (a path with blanks stays a path); null otherwise.
     */
    private static ShellCommand commandLine(String script, Path base) {
        if (!ShellCommand.looksLikeCommand(script) || Files.exists(base.resolve(script))) {
            return null;
        }
        return ShellCommand.parse(script);
    }

    private static Path locateScript(String script, Path cwd, String path) {
        Path p = Path.of(script);
        Path candidate = p.isAbsolute() ? p : (cwd == null ? p.toAbsolutePath() : cwd.resolve(p));
        candidate = candidate.normalize();
        if (Files.isRegularFile(candidate)) {
            return candidate;
        }
        if (!script.contains("/")) {
            Optional<Path> onPath = CommandResolver.findProgram(script, path);
            if (onPath.isPresent()) {
                return onPath.get();
            }
        }
        if (Files.isDirectory(candidate)) {
            throw new IllegalArgumentException("script " + candidate + " is a directory; name the file to run");
        }
        throw new IllegalArgumentException("script not found: " + candidate + "; check the path");
    }

    private int instances(int requested) {
        int n = requested;
        if (n <= 0) {
            int count = cpus.getAsInt();
            if (count <= 0) {
                throw new IllegalArgumentException("instances " + (n == 0 ? "max" : n)
                        + " needs the CPU count, which cannot be read here; give a number of instances instead");
            }
            if (-n > count) {
                throw new IllegalArgumentException("instances " + n + " asks for " + -n + " fewer than this machine's "
                        + count + " CPU" + (count == 1 ? "" : "s") + "; give a number of instances, max, or -1 to -"
                        + count);
            }
            n = Math.max(1, count + n); // -N with N the CPU count runs one, as PM2 does
        }
        return n;
    }

    static String defaultName(Path script) {
        Path name = script.getFileName();
        String file = name == null ? script.toString() : name.toString();
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    static void checkName(String name) {
        if (name.equals("all")) {
            throw new IllegalArgumentException("'all' is reserved as a target; pick another --name");
        }
        if (name.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException(
                    "app name '" + name + "' would be read as a process id; pick a --name with a letter");
        }
        if (name.contains("/") || name.contains("\n")) {
            throw new IllegalArgumentException(
                    "app name '" + name + "' cannot hold '/' or line breaks; pick another --name");
        }
        if (name.length() > 200) {
            // a command line is named after itself, so a long one needs a name
            throw new IllegalArgumentException("app name '" + name.substring(0, 40) + "...' is longer than 200"
                    + " characters (" + name.length() + "); pick a shorter --name");
        }
    }
}
