package io.drover.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.cli.CliException;
import io.drover.cli.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code drover start} with options, read without picocli: what it reads, picocli reads the same. */
class BareStartTests {
    private static final List<List<String>> SCRIPTS =
            List.of(List.of(), List.of("app.js"), List.of("app.js", "worker.js"));

    /** Options as users type them, and forms picocli reads differently, refuses or expands. */
    private static final List<List<String>> OPTIONS = List.of(
            List.of("--name", "api"),
            List.of("--name=api"),
            List.of("-n", "api"),
            List.of("--name="),
            List.of("-n=api"),
            List.of("-napi"),
            List.of("--name"),
            List.of("--name", "a", "--name", "b"),
            List.of("--name", "-x"),
            List.of("--name", "@names"),
            List.of("--name", "'my app'"),
            List.of("-i", "4"),
            List.of("-i", "max"),
            List.of("-i", "-1"),
            List.of("--instances=2"),
            List.of("-i4"),
            List.of("--namespace", "ns"),
            List.of("--cwd", "/srv/app"),
            List.of("--interpreter", "python3"),
            List.of("--interpreter-args", "-X dev"),
            List.of("--interpreter-args", "-x"),
            List.of("--node-args", "--inspect"),
            List.of("--node-args=--harmony --trace-warnings"),
            List.of("--node-args=a  b"),
            List.of("--node-args", "x", "--interpreter-args", "y z"),
            List.of("--only", "a,b"),
            List.of("--only", "a", "--only", "b"),
            List.of("--only", "a,,b"),
            List.of("--only=a,"),
            List.of("--env", "production"),
            List.of("-x", "fork"),
            List.of("--exec-mode=cluster"),
            List.of("--watch"),
            List.of("--watch=src"),
            List.of("--watch", "src"),
            List.of("--watch", "--name", "api"),
            List.of("--watch", "--"),
            List.of("--no-autorestart"),
            List.of("--no-autorestart=true"),
            List.of("--no-autorestart", "--no-autorestart"),
            List.of("--stop-exit-codes", "0,2"),
            List.of("--stop-exit-codes", "0", "--stop-exit-codes", "2"),
            List.of("--log-handler", "rotate:max_size=10M"),
            List.of("--log-handler", "rotate:max_size=10M", "--log-handler", "rotate:retain=3"),
            List.of("--log-handler", "bogus"),
            List.of("-o", "out.log", "-e", "err.log"),
            List.of("--log", "all.log"),
            List.of("--restart-delay", "1s", "--max-memory-restart", "200M"),
            List.of("--cron", "0 * * * *"),
            List.of("--bogus"),
            List.of("-h"),
            List.of("--version"),
            List.of("@args.txt"),
            List.of("-"),
            List.of("--", "sleep", "300"),
            List.of("--", "-v", "--name", "x"),
            List.of("--", "@x"));

    @Test
    void whatIsReadWithoutPicocliIsWhatPicocliReads() {
        int taken = 0;
        int cases = 0;
        for (List<String> words : cases()) {
            cases++;
            StartCommand bare = new StartCommand();
            if (bare.take(words)) {
                taken++;
                StartCommand picocli = new StartCommand();
                try {
                    new CommandLine(picocli).parseArgs(words.toArray(new String[0]));
                } catch (CommandLine.ParameterException e) {
                    throw new AssertionError(words + " was read without picocli, which refuses it: " + e.getMessage());
                }
                assertEquals(read(picocli), read(bare), words.toString());
            }
        }
        assertTrue(taken > cases / 3, taken + " of " + cases + " read without picocli");
    }

    @Test
    void interpreterArgumentsMayStartWithADashAsPm2ReadsThem() {
        StartCommand start = new StartCommand();
        new CommandLine(start)
                .parseArgs("app.py", "--interpreter-args", "-x", "--node-args", "--inspect -X dev", "-n", "api");
        assertEquals(List.of("-x", "--inspect", "-X", "dev"), start.interpreterArgs);
        assertEquals("api", start.name);
        assertThrows(CommandLine.MissingParameterException.class, () -> new CommandLine(new StartCommand())
                .parseArgs("app.py", "--interpreter-args"));
    }

    @Test
    void theCommonFormsAreReadWithoutPicocli() {
        for (List<String> words : List.of(
                List.of("app.js", "--name", "api", "-i", "max"),
                List.of("app.py", "-n", "api", "-i", "4", "--watch", "--max-memory-restart", "200M"),
                List.of("--name=web", "server.js", "--", "--port", "8080"),
                List.of("app.js", "--no-autorestart", "--log-handler", "rotate:max_size=10M"),
                List.of("ecosystem.config.js", "--only", "api,web", "--env", "production"))) {
            assertTrue(new StartCommand().take(words), words.toString());
        }
    }

    @Test
    void everyOptionStartDeclaresIsKnownByTheSameNamesWithoutPicocli() {
        Set<List<String>> declared = new LinkedHashSet<>();
        for (OptionSpec o : new CommandLine(new StartCommand()).getCommandSpec().options()) {
            if (!o.usageHelp() && !o.versionHelp()) {
                declared.add(List.of(o.names()));
            }
        }
        Set<List<String>> bare = new LinkedHashSet<>();
        for (BareOptions.Option o : StartCommand.OWN) {
            bare.add(sorted(o.names()));
        }
        SettingOptions.declared().forEach(s -> bare.add(sorted(s.cli().flags())));
        Set<List<String>> sortedDeclared = new LinkedHashSet<>();
        declared.forEach(n -> sortedDeclared.add(sorted(n)));
        assertEquals(sortedDeclared, bare);
    }

    @Test
    void aFailedReadLeavesTheVerbAsItWas() {
        StartCommand start = new StartCommand();
        assertFalse(start.take(List.of("app.js", "--name", "api", "--bogus")));
        assertEquals(read(new StartCommand()), read(start));
    }

    @Test
    void aWrongInstanceCountIsOneLineAndAUsageErrorBeforeTheDaemonIsReachedReadByPicocliOrNot() throws Exception {
        String[] args = {"start", "app.js", "-i", "lots", "--no-autorestart"};
        StartCommand bare = new StartCommand();
        assertTrue(bare.take(List.of(args).subList(1, args.length)));
        StringWriter out = new StringWriter();
        CliException e = assertThrows(
                CliException.class, () -> bare.runBare(new PrintWriter(out), new PrintWriter(new StringWriter())));
        assertEquals(ExitCodes.USAGE, e.exitCode());
        assertEquals("-i takes a number, max or -N, not 'lots'", e.getMessage());

        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new StartCommand());
        cl.setErr(new PrintWriter(err));
        cl.setExecutionExceptionHandler((ex, c, p) -> {
            assertEquals(e.getMessage(), ex.getMessage());
            return ((CliException) ex).exitCode();
        });
        assertEquals(
                ExitCodes.USAGE,
                cl.execute(List.of(args).subList(1, args.length).toArray(new String[0])));
        assertEquals("", err.toString(), "no usage printed");
        assertEquals("", out.toString());
    }

    /** Each script list with each option before and after it, and each pair of options. */
    private static List<List<String>> cases() {
        List<List<String>> all = new ArrayList<>();
        for (List<String> scripts : SCRIPTS) {
            for (List<String> o : OPTIONS) {
                all.add(join(scripts, o));
                all.add(join(o, scripts));
            }
        }
        for (List<String> a : OPTIONS.subList(0, 12)) {
            for (List<String> b : OPTIONS.subList(28, OPTIONS.size())) {
                all.add(join(join(List.of("app.js"), a), b));
                all.add(join(b, join(a, List.of("app.js"))));
            }
        }
        return all;
    }

    /** What the verb does with what it read: every value it sends or acts on, or the error it gives. */
    private static List<Object> read(StartCommand c) {
        Object settings;
        try {
            settings = c.startSettings();
        } catch (RuntimeException e) {
            settings = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return List.of(
                c.scripts(),
                c.args(),
                c.name,
                c.namespace,
                String.valueOf(c.cwd),
                c.instances,
                c.interpreter,
                c.interpreterArgs,
                c.only,
                c.envName,
                settings);
    }

    private static List<String> join(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<String> sorted(List<String> names) {
        return names.stream().sorted().toList();
    }
}
