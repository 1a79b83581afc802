package io.drover.daemon.ecosystem;

import io.drover.api.settings.Printable;
import io.drover.api.settings.Setting;
import io.drover.api.settings.SettingValues;
import io.drover.api.settings.Settings;
import io.drover.daemon.config.AppDefinition;
import io.drover.daemon.config.SettingChecks;
import io.drover.daemon.interpreter.ShellCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads an ecosystem file's apps. Everything wrong is collected, each problem naming the file, the line
 * and column, the app, the key, what was found and what is accepted; a file with any problem is refused
 * as a whole. Attributes Drover does not apply are accepted with a warning, unknown ones with a warning
 * that names the closest known name.
 */
public final class Ecosystem {
    /**
     * The apps of a file.
     *
     * @param apps the definitions, in file order (after {@code --only})
     * @param warnings what was accepted but not applied
     */
    public record Loaded(List<Definition> apps, List<String> warnings) {}

    private final Path file;
    private final Map<String, String> callerEnv;
    private final String envName;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Set<String> notApplicable = new TreeSet<>();

    private Ecosystem(Path file, Map<String, String> callerEnv, String envName) {
        this.file = file;
        this.callerEnv = callerEnv;
        this.envName = envName == null ? "" : envName.trim();
    }

    /**
     * @param only app names to keep, empty for all
     * @param envName the {@code env_<name>} to merge over {@code env}, empty for none
     * @throws EcosystemException listing every problem
     */
    public static Loaded read(Path file, Map<String, String> callerEnv, String envName, List<String> only) {
        Node root = EcosystemFile.read(file, callerEnv);
        return new Ecosystem(file, callerEnv, envName).apps(root, only);
    }

    private String at(int line, int column) {
        return line > 0 ? file + ":" + line + ":" + column : file.toString();
    }

    private String at(Node n) {
        return at(n.line(), n.column());
    }

    private Loaded apps(Node root, List<String> only) {
        List<Node> appNodes = new ArrayList<>();
        if (root instanceof Node.Arr a) {
            appNodes.addAll(a.items());
        } else if (root instanceof Node.Obj o) {
            Node apps = o.fields().containsKey("apps")
                    ? o.fields().get("apps")
                    : o.fields().get("pm2");
            if (apps == null && o.fields().containsKey("script")) {
                appNodes.add(o);
            } else if (apps instanceof Node.Arr a) {
                appNodes.addAll(a.items());
                for (String key : o.fields().keySet()) {
                    if (key.equals("apps") || key.equals("pm2")) {
                        continue;
                    }
                    int[] p = o.keyPositions().get(key);
                    warnings.add(at(p[0], p[1]) + ": '" + key + "' ignored"
                            + (key.equals("deploy") ? " (Drover does not deploy code; use your CI or git)" : ""));
                }
            } else if (apps instanceof Node.Obj single) {
                appNodes.add(single);
            } else if (apps != null) {
                problems.add(at(apps) + ": apps: found " + apps.kind() + ", expected a list of apps");
            } else {
                problems.add(at(root) + ": no apps: expected 'apps: [...]' (or one app with a 'script')");
            }
        } else {
            problems.add(at(root) + ": found " + root.kind() + ", expected 'apps: [...]'");
        }
        List<Definition> defs = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Node n : appNodes) {
            Definition d = app(n);
            if (d == null) {
                continue;
            }
            String first = seen.putIfAbsent(d.name(), d.where());
            if (first != null) {
                problems.add(d.where() + ": app '" + d.name() + "': the name is already used at " + first
                        + "; names must be unique");
                continue;
            }
            defs.add(d);
        }
        if (appNodes.isEmpty() && problems.isEmpty()) {
            problems.add(at(root) + ": the file defines no app");
        }
        if (!notApplicable.isEmpty()) {
            warnings.add(file + ": " + String.join(", ", notApplicable)
                    + " ignored: PM2 features (monitoring agent, git metadata, Node internals) Drover does not have");
        }
        if (!envName.isEmpty() && defs.stream().noneMatch(d -> d.keyPositions().containsKey("env_" + envName))) {
            warnings.add(file + ": no app defines env_" + envName + "; --env " + envName + " changes nothing");
        }
        List<Definition> kept = defs;
        if (only != null && !only.isEmpty()) {
            Set<String> names = new LinkedHashSet<>();
            defs.forEach(d -> names.add(d.name()));
            for (String o : only) {
                if (!names.contains(o)) {
                    problems.add(file + ": --only names '" + o + "', which the file does not define (it defines: "
                            + String.join(", ", names) + ")");
                }
            }
            kept = defs.stream().filter(d -> only.contains(d.name())).toList();
        }
        if (!problems.isEmpty()) {
            throw new EcosystemException(problems);
        }
        return new Loaded(kept, List.copyOf(warnings));
    }

    private Definition app(Node n) {
        if (!(n instanceof Node.Obj o)) {
            problems.add(at(n) + ": an app: found " + n.kind() + ", expected an object with a 'script'");
            return null;
        }
        int before = problems.size();
        Map<String, Node> v = new LinkedHashMap<>();
        Map<String, String> positions = new LinkedHashMap<>();
        String label = label(o);
        for (Map.Entry<String, Node> e : o.fields().entrySet()) {
            String key = e.getKey();
            int[] p = o.keyPositions().get(key);
            String where = at(p[0], p[1]);
            String canonical = Attributes.canonical(key);
            if (!Attributes.known(key)) {
                String hint = Attributes.closest(key);
                warnings.add(where + ": app '" + label + "': unknown key '" + key + "' ignored"
                        + (hint == null ? "" : "; did you mean '" + hint + "'?"));
                continue;
            }
            if (Attributes.NOT_APPLICABLE.contains(canonical)) {
                notApplicable.add(key);
                continue;
            }
            if (Attributes.LATER.contains(canonical)) {
                warnings.add(where + ": app '" + label + "': '" + key + "' is not applied by this version of Drover");
                continue;
            }
            if (canonical.equals("script") && o.fields().containsKey("script") && !key.equals("script")) {
                // as PM2 (Common.verifyConfs): cmd, command and exec stand for script only when it is missing
                warnings.add(where + ": app '" + label + "': '" + key + "' ignored: 'script' is given");
                continue;
            }
            if (v.containsKey(canonical)) {
                problems.add(where + ": app '" + label + "': '" + key + "' repeats '" + canonical
                        + "' (an alias of the same setting); keep one");
                continue;
            }
            v.put(canonical, e.getValue());
            positions.put(canonical, where);
        }
        String where = at(o);
        String script = text(v, "script", label, true, "the path of the script or program to run");
        String name = v.containsKey("name") ? text(v, "name", label, false, "a name") : defaultName(script);
        String prefix = text(v, "name_prefix", label, false, "a prefix");
        if (!prefix.isEmpty()) {
            name = prefix + ":" + name; // as PM2
        }
        if (bool(v, "append_env_to_name", label, false) && !envName.isEmpty()) {
            name = name + "-" + envName;
        }
        String namespace = text(v, "namespace", label, false, "a namespace name");
        Path base = file.toAbsolutePath().getParent();
        String cwdText = text(v, "cwd", label, false, "a directory");
        String cwd = cwdText.isEmpty()
                ? base.toString()
                : base.resolve(cwdText).normalize().toString();
        List<String> args = words(v, "args", label);
        String interpreter = text(v, "interpreter", label, false, "an interpreter name or path");
        List<String> interpreterArgs = words(v, "interpreter_args", label);
        int instances = instances(v, label);
        Map<String, String> fileEnv = new LinkedHashMap<>(env(v.get("env"), "env", label, positions));
        if (!envName.isEmpty()) {
            Node named = o.fields().get("env_" + envName);
            if (named != null) {
                fileEnv.putAll(env(named, "env_" + envName, label, positions));
                int[] p = o.keyPositions().get("env_" + envName);
                positions.put("env_" + envName, at(p[0], p[1]));
            }
        }
        SettingValues settings = settings(v, label, Path.of(cwd), positions);
        if (problems.size() > before) {
            return null;
        }
        if (v.containsKey("instances")) {
            settings = Settings.askingForInstances(settings);
        }
        int port = settings.get(Settings.PORT);
        if (port > 0) {
            fileEnv.put("PORT", Integer.toString(port)); // as PM2, over env's PORT
            if (settings.has(Settings.LISTEN)
                    && settings.get(Settings.LISTEN).stream().noneMatch(s -> !s.unix() && s.port() == port)) {
                warnings.add(positions.get("port") + ": app '" + label + "': port " + port
                        + " sets PORT, but listen declares no socket on it, so the app binds it itself; add it to"
                        + " listen to share it");
            }
        }
        for (Path missing : SettingChecks.notYetThere(settings.get(Settings.WATCH), Path.of(cwd))) {
            warnings.add(positions.get("watch") + ": app '" + label + "': watch: " + missing
                    + " does not exist yet; it is watched once it appears");
        }
        // as PM2: filter_env drops some or all of the caller's variables, never the file's
        Map<String, String> env =
                new HashMap<>(settings.get(Settings.FILTER_ENV).apply(callerEnv));
        env.putAll(fileEnv);
        AppDefinition definition = new AppDefinition(
                script, name, namespace, cwd, args, instances, interpreter, interpreterArgs, env, settings);
        return new Definition(name, definition, settings.get(Settings.AUTOSTART), fileEnv, where, positions);
    }

    /**
     * Reads each setting given through its declaration, from the file's value as it is (lists and objects
     * included), and runs the daemon's checks on it; a problem names the key's position.
     */
    private SettingValues settings(Map<String, Node> v, String label, Path cwd, Map<String, String> positions) {
        SettingValues settings = SettingValues.NONE;
        for (Map.Entry<String, Node> e : v.entrySet()) {
            Optional<Setting<?>> setting = Attributes.setting(e.getKey());
            if (setting.isEmpty()) {
                continue;
            }
            try {
                settings = read(setting.get(), e.getValue(), settings, cwd);
            } catch (IllegalArgumentException problem) {
                String at = inner(e.getValue(), problem.getMessage());
                problems.add((at == null ? positions.get(e.getKey()) : at) + ": app '" + label + "': "
                        + problem.getMessage());
            }
        }
        return settings;
    }

    /**
     * Where inside a list or object value the problem lies: the position of the field the message names
     * ({@code listen: 'colour' is not...}, {@code log_rotate: retain: found...}); null when it names none.
     */
    private String inner(Node value, String message) {
        if (value instanceof Node.Arr a) {
            for (Node item : a.items()) {
                String at = inner(item, message);
                if (at != null) {
                    return at;
                }
            }
        } else if (value instanceof Node.Obj o) {
            for (String key : o.fields().keySet()) {
                if (message.contains(": '" + key + "' ") || message.contains(": " + key + ": ")) {
                    int[] p = o.keyPositions().get(key);
                    return at(p[0], p[1]);
                }
            }
        }
        return null;
    }

    private static <T> SettingValues read(Setting<T> setting, Node node, SettingValues settings, Path cwd) {
        T value = setting.read(node.plain());
        if (setting.equals(Settings.OUT_FILE) || setting.equals(Settings.ERROR_FILE)) {
            String path = (String) value; // as PM2: NULL is /dev/null, other paths start at the app's directory
            value = setting.parse(
                    path.equals("/dev/null") || path.equalsIgnoreCase("NULL")
                            ? "/dev/null"
                            : cwd.resolve(path).normalize().toString());
        }
        SettingChecks.check(setting, value, cwd);
        return settings.with(setting, value);
    }

    private String label(Node.Obj o) {
        Node name = o.fields().get("name");
        // shown in one-line messages: a control character in the file is written as an escape
        if (name instanceof Node.Scalar s && s.value() != null) {
            return Printable.visible(s.text());
        }
        for (String k : List.of("script", "exec", "cmd", "command")) {
            if (o.fields().get(k) instanceof Node.Scalar s && s.value() instanceof String str) {
                return Printable.visible(defaultName(str));
            }
        }
        return "#" + o.line();
    }

    static String defaultName(String script) {
        if (script == null || script.isBlank()) {
            return "";
        }
        String trimmed = script.trim();
        if (ShellCommand.looksLikeCommand(trimmed)) {
            return ShellCommand.defaultName(trimmed);
        }
        Path name = Path.of(trimmed).getFileName();
        if (name == null) {
            return trimmed; // "/": no file name to take one from
        }
        String f = name.toString();
        int dot = f.lastIndexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }

    private String problem(Map<String, Node> v, String key, String label, String found, String expected) {
        Node n = v.get(key);
        String where = n == null ? file.toString() : at(n);
        String p = where + ": app '" + label + "': " + key + ": found " + found + ", expected " + expected;
        problems.add(p);
        return p;
    }

    private String text(Map<String, Node> v, String key, String label, boolean required, String expected) {
        Node n = v.get(key);
        if (n == null) {
            if (required) {
                problems.add(file + ": app '" + label + "': " + key + " is missing; expected " + expected);
            }
            return "";
        }
        if (n instanceof Node.Scalar s && s.value() != null && !(s.value() instanceof Boolean)) {
            String t = s.text().trim();
            try {
                Printable.check(t);
            } catch (IllegalArgumentException e) {
                problems.add(at(n) + ": app '" + label + "': " + key + ": " + e.getMessage());
                return "";
            }
            if (t.isEmpty() && required) {
                problem(v, key, label, "an empty string", expected);
            }
            return t;
        }
        problem(v, key, label, n.kind(), expected);
        return "";
    }

    private List<String> words(Map<String, Node> v, String key, String label) {
        Node n = v.get(key);
        if (n == null) {
            return List.of();
        }
        if (n instanceof Node.Scalar s && s.value() instanceof String str) {
            return split(str);
        }
        if (n instanceof Node.Arr a) {
            List<String> out = new ArrayList<>();
            for (Node item : a.items()) {
                if (item instanceof Node.Scalar s && s.value() != null) {
                    out.add(s.text());
                } else {
                    problem(v, key, label, "a list holding " + item.kind(), "a string or a list of strings");
                    return List.of();
                }
            }
            return out;
        }
        problem(v, key, label, n.kind(), "a string or a list of strings");
        return List.of();
    }

    /** Splits a command line on blanks, keeping quoted parts together. */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : s.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (cur.length() > 0 || any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0 || any) {
            out.add(cur.toString());
        }
        return out;
    }

    private int instances(Map<String, Node> v, String label) {
        Node n = v.get("instances");
        if (n == null) {
            return 1;
        }
        if (n instanceof Node.Scalar s) {
            if (s.value() instanceof Long l && l > -100_000 && l < 100_000) {
                return l.intValue();
            }
            if (s.value() instanceof String str) {
                String t = str.trim();
                if (t.equals("max")) {
                    return 0;
                }
                try {
                    return Integer.parseInt(t);
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
        }
        problem(v, "instances", label, n.kind(), "a number, 'max' (one per CPU) or -N (CPUs minus N)");
        return 1;
    }

    private boolean bool(Map<String, Node> v, String key, String label, boolean fallback) {
        Node n = v.get(key);
        if (n == null) {
            return fallback;
        }
        if (n instanceof Node.Scalar s) {
            if (s.value() instanceof Boolean b) {
                return b;
            }
            if (s.value() instanceof String str && (str.equals("true") || str.equals("false"))) {
                return Boolean.parseBoolean(str);
            }
        }
        problem(v, key, label, n.kind(), "true or false");
        return fallback;
    }

    private Map<String, String> env(Node n, String key, String label, Map<String, String> positions) {
        Map<String, String> env = new LinkedHashMap<>();
        if (n == null) {
            return env;
        }
        if (!(n instanceof Node.Obj o)) {
            problems.add(at(n) + ": app '" + label + "': " + key + ": found " + n.kind()
                    + ", expected an object of NAME: value");
            return env;
        }
        for (Map.Entry<String, Node> e : o.fields().entrySet()) {
            Node val = e.getValue();
            if (val instanceof Node.Scalar s) {
                env.put(e.getKey(), s.value() == null ? "" : s.text());
            } else {
                env.put(e.getKey(), json(val)); // PM2 stringifies objects
            }
        }
        return env;
    }

    private static String json(Node n) {
        if (n instanceof Node.Scalar s) {
            if (s.value() instanceof String str) {
                return quote(str);
            }
            return s.value() == null ? "null" : s.text();
        }
        if (n instanceof Node.Arr a) {
            List<String> parts = a.items().stream().map(Ecosystem::json).toList();
            return "[" + String.join(",", parts) + "]";
        }
        Node.Obj o = (Node.Obj) n;
        List<String> parts = new ArrayList<>();
        o.fields().forEach((k, val) -> parts.add(quote(k) + ":" + json(val)));
        return "{" + String.join(",", parts) + "}";
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
