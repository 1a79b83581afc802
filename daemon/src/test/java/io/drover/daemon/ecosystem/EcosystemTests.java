package io.drover.daemon.ecosystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.settings.SettingValues;
import io.drover.api.settings.Settings;
import io.drover.api.settings.Socket;
import io.drover.daemon.config.AppDefinition;
import io.drover.testing.Needs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading ecosystem files: PM2's own examples, every shape and alias, and a corpus of broken files. */
class EcosystemTests {
    static final Map<String, String> NO_NODE = Map.of("PATH", "/nonexistent", "HOME", "/home/me");
    static final Map<String, String> ENV = Map.of("PATH", System.getenv("PATH"), "HOME", "/home/me", "SHELL_ONLY", "x");

    @TempDir
    Path dir;

    static Path resource(String name) {
        return Path.of("src/test/resources/ecosystem").resolve(name).toAbsolutePath();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void readsPm2sDocumentedExampleAsJsonAndYamlAlike() {
        for (String f : List.of("pm2-examples/ecosystem.json", "pm2-examples/ecosystem.yml")) {
            Ecosystem.Loaded l = Ecosystem.read(resource(f), ENV, "production", List.of());
            assertEquals(1, l.apps().size(), f);
            Definition d = l.apps().get(0);
            assertEquals("app1", d.name());
            AppDefinition r = d.definition();
            assertEquals("./app.js", r.script());
            assertEquals(4, r.instances());
            assertEquals(resource("pm2-examples").toString(), r.cwd(), "relative paths start at the file's directory");
            assertEquals("production", r.env().get("NODE_ENV"));
            assertEquals("x", r.env().get("SHELL_ONLY"), "the caller's environment is the base");
            assertEquals(Map.of("NODE_ENV", "production"), d.fileEnv());
        }
        Ecosystem.Loaded json = Ecosystem.read(resource("pm2-examples/ecosystem.json"), ENV, "", List.of());
        assertEquals(
                1024L * 1024 * 1024, json.apps().get(0).definition().settings().get(Settings.MAX_MEMORY_RESTART));
        assertFalse(json.apps().get(0).definition().env().containsKey("NODE_ENV"), "without --env no env_* applies");
    }

    @Test
    void instancesGivenEvenOneRunInClusterModeUnlessExecModeSaysOtherwise() throws IOException {
        Path f = write(
                "apps.yml",
                String.join(
                        "\n",
                        "apps:",
                        "  - {name: one, script: a.js, instances: 1}",
                        "  - {name: forked, script: a.js, instances: 1, exec_mode: fork}",
                        "  - {name: plain, script: a.js}",
                        ""));
        List<Definition> apps = Ecosystem.read(f, ENV, "", List.of()).apps();
        assertEquals("cluster", apps.get(0).definition().settings().get(Settings.EXEC_MODE));
        assertEquals("fork", apps.get(1).definition().settings().get(Settings.EXEC_MODE));
        assertFalse(apps.get(2).definition().settings().has(Settings.EXEC_MODE), "no instances: the default");
    }

    @Test
    void aCommandLineScriptIsNamedAfterItsWordsWithoutPaths() throws IOException {
        Path f = write("apps.yml", "apps:\n  - script: yarn start\n  - script: node /srv/api/server.js --port 3\n");
        List<String> names = Ecosystem.read(f, ENV, "", List.of()).apps().stream()
                .map(Definition::name)
                .toList();
        assertEquals(List.of("yarn start", "node server.js --port 3"), names);
    }

    @Test
    void readsPm2sDocumentedExampleAsJavaScriptWithNode() {
        Needs.program("node", "nodejs");
        Ecosystem.Loaded l =
                Ecosystem.read(resource("pm2-examples/ecosystem.config.js"), ENV, "development", List.of());
        assertEquals("app1", l.apps().get(0).name());
        assertEquals("development", l.apps().get(0).definition().env().get("NODE_ENV"));
    }

    @Test
    void readsEsModulesAndExportedFunctions() throws IOException {
        Needs.program("node", "nodejs");
        Path mjs = write("ecosystem.config.mjs", "export default { apps: [{ name: 'm', script: 'm.js' }] }\n");
        assertEquals("m", Ecosystem.read(mjs, ENV, "", List.of()).apps().get(0).name());
        Path fn = write("fn.config.js", "module.exports = () => ({ apps: [{ name: 'f', script: 'f.js' }] })\n");
        assertEquals("f", Ecosystem.read(fn, ENV, "", List.of()).apps().get(0).name());
    }

    @Test
    void acceptsEveryTopLevelShapePm2Accepts() throws IOException {
        String app = "{\"name\": \"a\", \"script\": \"a.sh\"}";
        for (String content : List.of(
                "{\"apps\": [" + app + "]}",
                "{\"pm2\": [" + app + "]}",
                app,
                "[" + app + "]",
                "{\"apps\": " + app + "}")) {
            assertEquals(
                    "a",
                    Ecosystem.read(write("e.json", content), ENV, "", List.of())
                            .apps()
                            .get(0)
                            .name(),
                    content);
        }
    }

    @Test
    void aliasesUnitsAndDefaultsFollowPm2() throws IOException {
        Path f = write(
                "aliases.yml",
                String.join(
                        "\n",
                        "apps:",
                        "  - exec: ./worker.py",
                        "    exec_interpreter: python3",
                        "    node_args: -X dev",
                        "    args: ['--queue', 'jobs main']",
                        "    cron: '0 3 * * *'",
                        "    out: out.txt",
                        "    err_log: /dev/null",
                        "    port: 8080",
                        "    instances: max",
                        "    stop_exit_codes: [0, 2]",
                        "    env: {DEBUG: true, LIMITS: {cpu: 2}}",
                        ""));
        Definition d = Ecosystem.read(f, ENV, "", List.of()).apps().get(0);
        AppDefinition r = d.definition();
        assertEquals("worker", d.name(), "name defaults to the script's name");
        assertEquals("python3", r.interpreter());
        assertEquals(List.of("-X", "dev"), r.interpreterArgs());
        assertEquals(List.of("--queue", "jobs main"), r.args());
        assertEquals(0, r.instances());
        assertEquals("0 3 * * *", r.settings().get(Settings.CRON_RESTART));
        assertEquals(dir.resolve("out.txt").toString(), r.settings().get(Settings.OUT_FILE));
        assertEquals("/dev/null", r.settings().get(Settings.ERROR_FILE));
        assertEquals(Set.of(0, 2), r.settings().get(Settings.STOP_EXIT_CODES));
        assertEquals("8080", r.env().get("PORT"));
        assertEquals("true", r.env().get("DEBUG"));
        assertEquals("{\"cpu\":2}", r.env().get("LIMITS"), "objects are stringified as PM2 does");
    }

    @Test
    void everyDeclaredSettingAndAliasIsReadAsTheSettingNeverIgnored() {
        for (String name : Settings.names()) {
            String canonical = Attributes.canonical(name);
            assertEquals(Settings.find(name).orElseThrow().name(), canonical, name);
            assertTrue(Attributes.setting(canonical).isPresent(), name);
            assertFalse(Attributes.FIELDS.contains(canonical), name + " is read by its declaration, not as a field");
            assertFalse(Attributes.LATER.contains(canonical), name + " is applied: not 'applied by a later version'");
            assertFalse(Attributes.NOT_APPLICABLE.contains(canonical), name);
            assertFalse(Attributes.ALIASES.containsKey(name), name + " is declared with its setting");
        }
    }

    @Test
    void socketObjectsAndHandlerSettingsAreReadAsStructures() throws IOException {
        Path f = write(
                "structured.yml",
                String.join(
                        "\n",
                        "apps:",
                        "  - name: web",
                        "    script: web.sh",
                        "    listen: [{name: http, host: '::1', port: 8080, backlog: 64}, 9090, {path: run/a.sock, mode: '0660'}]",
                        "    log_rotate: {max_size: 10M, retain: 5, compress: true}",
                        "    combine_logs: true",
                        ""));
        SettingValues s =
                Ecosystem.read(f, ENV, "", List.of()).apps().get(0).definition().settings();
        assertEquals(
                List.of(
                        new Socket("http", "::1", 8080, null, -1, 64),
                        new Socket("", "", 9090, null, -1, Socket.DEFAULT_BACKLOG),
                        new Socket("", "", 0, "run/a.sock", 0660, Socket.DEFAULT_BACKLOG)),
                s.get(Settings.LISTEN));
        assertEquals(Map.of("max_size", "10M", "retain", "5", "compress", "true"), s.get(Settings.handler("rotate")));
        assertEquals(true, s.get(Settings.MERGE_LOGS), "combine_logs is merge_logs' alias");
    }

    @Test
    void aControlCharacterInANameOrAValueIsRefusedAtItsKey() throws IOException {
        Path f = write(
                "control.json",
                "{\"apps\": [{\"name\": \"web\\nExecStartPre=/bin/id\", \"script\": \"web.sh\"},\n"
                        + " {\"name\": \"api\", \"script\": \"api.sh\",\n"
                        + "  \"listen\": [{\"path\": \"/tmp/a.sock\\nExecStartPre=/bin/id\"}]}]}\n");
        EcosystemException e = assertThrows(EcosystemException.class, () -> Ecosystem.read(f, ENV, "", List.of()));
        assertEquals(2, e.problems().size(), e.problems().toString());
        assertTrue(
                e.problems().get(0).contains("holds a control character (a line break); remove it"),
                e.problems().toString());
        assertTrue(e.problems().get(1).contains("listen: "), e.problems().toString());
        e.problems().forEach(p -> assertFalse(p.contains("\n"), "one line each: " + p));
    }

    @Test
    void aBadValueInsideAStructureIsNamedAtItsOwnKey() throws IOException {
        Path f = write(
                "bad-structures.yml",
                String.join(
                        "\n",
                        "apps:",
                        "  - name: web",
                        "    script: web.sh",
                        "    listen: [{port: 8080, colour: red}]",
                        "    log_rotate: {retain: [1, 2]}",
                        "    out_file: true",
                        ""));
        EcosystemException e = assertThrows(EcosystemException.class, () -> Ecosystem.read(f, ENV, "", List.of()));
        assertEquals(
                List.of(
                        f + ":4:27: app 'web': listen: 'colour' is not a socket setting with a plain value; use name,"
                                + " port, host, path, mode, backlog",
                        f + ":5:18: app 'web': log_rotate: retain: found a list, expected a plain value",
                        f + ":6:5: app 'web': out_file: found true, expected a file path"),
                e.problems());
    }

    @Test
    void unknownAndInapplicableKeysAreWarningsNeverSilent() throws IOException {
        Path f = write(
                "w.yml",
                String.join(
                        "\n",
                        "apps:",
                        "  - name: a",
                        "    script: a.sh",
                        "    max_memory: 1G",
                        "    pmx: true",
                        "    vizion: false",
                        "    pid_file: /tmp/a.pid",
                        "deploy:",
                        "  production: {user: node}",
                        ""));
        List<String> w = Ecosystem.read(f, ENV, "", List.of()).warnings();
        assertTrue(
                w.contains(f + ":4:5: app 'a': unknown key 'max_memory' ignored; did you mean 'max_memory_restart'?"),
                w.toString());
        assertTrue(w.stream().anyMatch(x -> x.contains("'pid_file' is not applied by this version")), w.toString());
        assertTrue(w.stream().anyMatch(x -> x.contains("deploy' ignored (Drover does not deploy code")), w.toString());
        assertTrue(
                w.contains(f + ": pmx, vizion ignored: PM2 features (monitoring agent, git metadata, Node internals)"
                        + " Drover does not have"),
                w.toString());
    }

    @Test
    void globsAndPathsNotThereYetAreWatchedAsPm2WatchesThemWithAWarningForTheMissing() throws IOException {
        Path f = write(
                "watch.yml",
                "apps:\n  - name: web\n    script: web.sh\n    watch: ['**', 'src/{a,b}/*.js', 'later']\n"
                        + "    ignore_watch: [node_modules, '*.{log,tmp}']\n");
        Ecosystem.Loaded l = Ecosystem.read(f, ENV, "", List.of());
        SettingValues s = l.apps().get(0).definition().settings();
        assertEquals(
                List.of("**", "src/{a,b}/*.js", "later"), s.get(Settings.WATCH).paths());
        assertEquals(List.of("node_modules", "*.{log,tmp}"), s.get(Settings.IGNORE_WATCH));
        assertEquals(
                List.of(
                        f + ":4:5: app 'web': watch: " + dir.resolve("src")
                                + " does not exist yet; it is watched once it appears",
                        f + ":4:5: app 'web': watch: " + dir.resolve("later")
                                + " does not exist yet; it is watched once it appears"),
                l.warnings());
    }

    @Test
    void onlyKeepsTheNamedAppsAndRefusesNamesTheFileLacks() throws IOException {
        Path f = write(
                "two.json",
                "{\"apps\": [{\"name\": \"a\", \"script\": \"a.sh\"}, {\"name\": \"b\", \"script\": \"b.sh\"}]}");
        assertEquals(
                List.of("b"),
                Ecosystem.read(f, ENV, "", List.of("b")).apps().stream()
                        .map(Definition::name)
                        .toList());
        EcosystemException e = assertThrows(EcosystemException.class, () -> Ecosystem.read(f, ENV, "", List.of("c")));
        assertEquals(f + ": --only names 'c', which the file does not define (it defines: a, b)", e.getMessage());
    }

    static Stream<Arguments> brokenFiles() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (String line : Files.readAllLines(resource("broken/index.txt"))) {
            int bar = line.indexOf('|');
            cases.add(Arguments.of(line.substring(0, bar), line.substring(bar + 1)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void aBrokenFileIsRefusedWithWhereAndWhat(String file, String expected) {
        if (file.endsWith(".js")) {
            Needs.program("node", "nodejs");
        }
        EcosystemException e = assertThrows(
                EcosystemException.class, () -> Ecosystem.read(resource("broken/" + file), ENV, "", List.of()));
        assertTrue(e.getMessage().contains(expected), "expected «" + expected + "» in:\n" + e.getMessage());
        assertTrue(
                e.problems().stream()
                        .allMatch(p -> p.startsWith(resource("broken/" + file).toString())),
                "every problem names the file:\n" + e.getMessage());
    }

    @Test
    void aMissingFileOrMissingNodeIsNamed() throws IOException {
        EcosystemException e = assertThrows(
                EcosystemException.class, () -> Ecosystem.read(dir.resolve("nope.yml"), ENV, "", List.of()));
        assertEquals("ecosystem file not found: " + dir.resolve("nope.yml") + "; check the path", e.getMessage());
        Path js = write("e.config.js", "module.exports = {apps: []}\n");
        e = assertThrows(
                EcosystemException.class, () -> Ecosystem.read(js, Map.of("PATH", dir.toString()), "", List.of()));
        assertTrue(e.getMessage().contains("needs node, which is not on PATH"), e.getMessage());
    }

    /** Arbitrary bytes, and valid files bent in random ways, give an {@link EcosystemException} or apps: never another error or a hang. */
    @Test
    void fuzzedInputOnlyEverGivesAnEcosystemError() throws Exception {
        Random random = new Random(20261124L);
        List<byte[]> seeds = new ArrayList<>();
        for (String f : List.of(
                "pm2-examples/ecosystem.json",
                "pm2-examples/ecosystem.yml",
                "broken/wrong-types.json",
                "broken/bad-cron.yml")) {
            try (InputStream in = Files.newInputStream(resource(f))) {
                seeds.add(in.readAllBytes());
            }
        }
        String[] exts = {".json", ".yml"};
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 10_000; i++) {
                byte[] input;
                if (i % 4 == 0) {
                    input = new byte[random.nextInt(200)];
                    random.nextBytes(input);
                } else {
                    input = seeds.get(random.nextInt(seeds.size())).clone();
                    int edits = 1 + random.nextInt(8);
                    for (int k = 0; k < edits && input.length > 0; k++) {
                        int at = random.nextInt(input.length);
                        input[at] = switch (random.nextInt(4)) {
                            case 0 -> (byte) random.nextInt(256);
                            case 1 -> (byte) "{}[]:,\"'-#&*!|>\n ".charAt(random.nextInt(17));
                            case 2 -> (byte) '9';
                            default -> input[random.nextInt(input.length)];
                        };
                    }
                }
                Path f = dir.resolve("fuzz" + exts[i % 2]);
                Files.write(f, input);
                try {
                    // JSON that is not strict goes to node, a process each: node reads one in 250
                    Ecosystem.read(f, i % 250 == 0 ? ENV : NO_NODE, "", List.of());
                } catch (EcosystemException expected) {
                    assertFalse(expected.getMessage().isBlank());
                } catch (RuntimeException | StackOverflowError e) {
                    throw new AssertionError(
                            "input " + i + " (" + new String(input, StandardCharsets.ISO_8859_1) + ") gave " + e, e);
                }
            }
        });
    }

    @Test
    void filterEnvAndNameDecorationsAreApplied() throws Exception {
        write("a.sh", "exec sleep 1\n");
        Path f = write(
                "eco.yml",
                String.join(
                        "\n",
                        "apps:",
                        "  - {name: a, script: a.sh, filter_env: true, env: {OWN: 1}}",
                        "  - {name: b, script: a.sh, filter_env: [SHELL], append_env_to_name: true}",
                        "  - {name: c, script: a.sh, name_prefix: team, force: true, shutdown_with_message: true}",
                        "  - {name: d, script: a.sh, filter_env: {x: 1}}",
                        ""));
        EcosystemException e = assertThrows(EcosystemException.class, () -> Ecosystem.read(f, ENV, "prod", List.of()));
        assertTrue(e.getMessage().contains("app 'd': filter_env: found an object"), e.getMessage());
        Files.writeString(f, Files.readString(f).replace("  - {name: d, script: a.sh, filter_env: {x: 1}}\n", ""));
        Ecosystem.Loaded l = Ecosystem.read(f, ENV, "prod", List.of());
        Map<String, AppDefinition> byName = new HashMap<>();
        l.apps().forEach(d -> byName.put(d.name(), d.definition()));
        assertEquals(Map.of("OWN", "1"), byName.get("a").env(), "filter_env: true drops the caller's environment");
        assertFalse(byName.get("b-prod").env().containsKey("SHELL_ONLY"), "names containing SHELL are dropped");
        assertTrue(byName.get("b-prod").env().containsKey("HOME"));
        assertTrue(byName.containsKey("team:c"));
        assertTrue(
                l.warnings().stream().anyMatch(w -> w.contains("force, shutdown_with_message ignored")),
                l.warnings().toString());
    }
}
