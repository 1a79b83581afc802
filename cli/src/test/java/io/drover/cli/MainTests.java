package io.drover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.cli.commands.BareVerb;
import io.drover.cli.commands.SettingOptionsAccess;
import io.drover.cli.commands.StartCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class MainTests {
    /** Word lists a user types after a verb: none, names, ids, counts, files, as many as four. */
    private static final List<List<String>> WORDS = List.of(
            List.of(),
            List.of("api"),
            List.of("all"),
            List.of("3"),
            List.of("api", "+3"),
            List.of("api", "4"),
            List.of("api", "web", "0"),
            List.of("ecosystem.config.js"),
            List.of("api", "web", "worker", "ecosystem.config.js"));

    @Test
    void aVerbThatRunsWithoutPicocliAnswersToEveryNameOfItsCommand() {
        int bare = 0;
        for (Supplier<Object> verb : Drover.VERBS) {
            CommandSpec spec = new CommandLine(verb.get()).getCommandSpec();
            List<String> names = new ArrayList<>(List.of(spec.name()));
            names.addAll(List.of(spec.aliases()));
            for (String name : names) {
                BareVerb b = Main.bare(name);
                if (b != null) {
                    bare++;
                    assertEquals(spec.userObject().getClass(), b.getClass(), name);
                }
            }
            if (Main.bare(spec.name()) != null) {
                names.forEach(n -> assertNotNull(Main.bare(n), n));
            }
        }
        assertEquals(
                29,
                bare,
                "list and its four aliases, jlist, prettylist, ping, start, scale, stop, restart,"
                        + " reload, delete, del, reset, show and its three aliases, env, pid, id, save, dump,"
                        + " resurrect, flush, logs, log");
    }

    /**
     * For every such verb and every list of plain words: the verb takes exactly the words picocli accepts,
     * and leaves every field as picocli's parse of the same words does.
     */
    @Test
    void plainWordsSetTheVerbAsPicocliWouldAndWhatPicocliRefusesGoesToPicocli() throws Exception {
        int compared = 0;
        for (Supplier<Object> verb : Drover.VERBS) {
            Object parsed = verb.get();
            CommandSpec spec = new CommandLine(parsed).getCommandSpec();
            if (Main.bare(spec.name()) == null) {
                continue;
            }
            for (List<String> words : WORDS) {
                Object viaPicocli = verb.get();
                boolean picocliTakes;
                try {
                    new CommandLine(viaPicocli).parseArgs(words.toArray(new String[0]));
                    picocliTakes = true;
                } catch (CommandLine.ParameterException e) {
                    picocliTakes = false;
                }
                BareVerb bare = Main.bare(spec.name());
                boolean taken = bare.take(words);
                assertEquals(picocliTakes, taken, spec.name() + " " + words);
                if (taken) {
                    assertSameFields(viaPicocli, bare, spec.name() + " " + words);
                    if (viaPicocli instanceof StartCommand) {
                        // plain words give no setting: picocli's options from the settings' declarations stay unset
                        assertEquals(Map.of(), SettingOptionsAccess.given(new CommandLine(verb.get()), words));
                    }
                    compared++;
                }
            }
        }
        assertEquals(
                88,
                compared,
                "5 verbs without words, scale with two, start and 5 target verbs with each list, show, env and id"
                        + " with one word, pid, flush and logs with none or one");
    }

    /**
     * For every verb that reads options without picocli, word lists made from picocli's own model of it: each
     * option by each of its names, with a value, with it attached, without one, with one starting with a
     * dash, twice, with a bad count, among targets and before {@code --}. Whatever the verb takes, picocli takes
     * too, and every field is set alike.
     */
    @Test
    void optionsReadWithoutPicocliSetTheVerbAsPicocliDoes() throws Exception {
        int taken = 0;
        List<String> verbs = new ArrayList<>();
        for (Supplier<Object> verb : Drover.VERBS) {
            CommandSpec spec = new CommandLine(verb.get()).getCommandSpec();
            BareVerb probe = Main.bare(spec.name());
            if (probe == null || !probe.takesOptions()) {
                continue;
            }
            verbs.add(spec.name());
            Set<String> read = new HashSet<>();
            for (List<String> form : forms(spec)) {
                for (List<String> words : List.of(
                        form,
                        join(List.of("api"), form),
                        join(form, List.of("api", "web")),
                        join(form, List.of("--", "-x")))) {
                    BareVerb bare = Main.bare(spec.name());
                    if (!bare.take(words)) {
                        continue;
                    }
                    Object viaPicocli = verb.get();
                    try {
                        new CommandLine(viaPicocli).parseArgs(words.toArray(new String[0]));
                    } catch (CommandLine.ParameterException e) {
                        throw new AssertionError(spec.name() + " " + words
                                + " was read without picocli, which refuses it: " + e.getMessage());
                    }
                    assertSameFields(viaPicocli, bare, spec.name() + " " + words);
                    read.add(form.get(0).split("=")[0]);
                    taken++;
                }
            }
            for (CommandLine.Model.OptionSpec o : spec.options()) {
                if (!o.usageHelp() && !o.versionHelp()) {
                    for (String n : o.names()) {
                        assertTrue(read.contains(n), spec.name() + " " + n + " is never read without picocli");
                    }
                }
            }
        }
        assertEquals(List.of("start", "stop", "restart", "delete", "reset", "reload", "list", "logs"), verbs);
        assertTrue(taken > 500, taken + " word lists read without picocli");
    }

    /** Each option of the verb in the forms users type, right and wrong. */
    private static List<List<String>> forms(CommandSpec spec) {
        List<List<String>> forms = new ArrayList<>();
        for (CommandLine.Model.OptionSpec o : spec.options()) {
            if (o.usageHelp() || o.versionHelp()) {
                continue;
            }
            for (String n : o.names()) {
                forms.add(List.of(n));
                forms.add(List.of(n + "=true"));
                if (o.arity().max() == 0) {
                    forms.add(List.of(n, n));
                    continue;
                }
                String v = o.type() == int.class
                        ? "2"
                        : o.splitRegex().equals(",") ? "a,b" : o.splitRegex().equals(" ") ? "a b" : "cpu";
                forms.add(List.of(n, v));
                forms.add(List.of(n + "=" + v));
                forms.add(List.of(n, v, n, v));
                forms.add(List.of(n, "-1"));
                forms.add(List.of(n, "x"));
                forms.add(List.of(n, "+2"));
                forms.add(List.of(n, ""));
            }
        }
        return forms;
    }

    private static List<String> join(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void assertSameFields(Object expected, Object actual, String what) throws Exception {
        for (Class<?> c = expected.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                // picocli's spec, and what a read without picocli keeps in its place ({@code StartCommand.bare})
                if (Modifier.isStatic(f.getModifiers())
                        || f.getType() == CommandSpec.class
                        || f.getName().equals("bare")) {
                    continue;
                }
                f.setAccessible(true);
                assertTrue(
                        Objects.deepEquals(f.get(expected), f.get(actual)),
                        what + ": " + f.getName() + " is " + f.get(actual) + ", picocli gives " + f.get(expected));
            }
        }
    }

    @Test
    void optionsArgumentFilesAndNegativeNumbersGoToPicocli() {
        for (String[] args : List.of(
                new String[] {"ls", "--sort"},
                new String[] {"ls", "-m", "-m"},
                new String[] {"restart", "api", "-au"},
                new String[] {"reload", "api", "--parallel", "x"},
                new String[] {"scale", "api", "-2"},
                new String[] {"stop", "@targets.txt"},
                new String[] {"scale", "api"},
                new String[] {"ls", "extra"},
                new String[] {"start", "app.js", "-i", "-1"},
                new String[] {"start", "@args.txt"},
                new String[] {"--help"},
                new String[] {})) {
            assertNull(Main.bareRun(args), List.of(args).toString());
        }
        assertNotNull(Main.bareRun(new String[] {"scale", "api", "+3"}));
        assertNotNull(Main.bareRun(new String[] {"restart", "api", "web"}));
        // start, ls and the target verbs read their options in their plain forms
        assertNotNull(Main.bareRun(new String[] {"start", "app.js", "-i", "4"}));
        assertNotNull(Main.bareRun(new String[] {"ls", "--sort", "cpu"}));
        assertNotNull(Main.bareRun(new String[] {"restart", "api", "--update-env"}));
        assertNotNull(Main.bareRun(new String[] {"reload", "all", "--parallel", "2"}));
        assertNotNull(Main.bareRun(new String[] {"start", "--", "sleep", "300"}));
        assertFalse(Main.bareRun(new String[] {"ls"}) == null);
    }

    @Test
    void aWordAVerbDoesNotTakeIsOneLineNamingItAndWhereToLookWithExitCodeTwo() {
        Map<List<String>, String> expected = Map.of(
                List.of("start", "app.js", "--max-memory", "1G"),
                "drover: Unknown option: '--max-memory'; did you mean --max-restarts or --max-memory-restart?"
                        + " ('drover start --help' lists what it takes)",
                List.of("logs", "api", "--lines", "x"),
                "drover: Invalid value for option '--lines': 'x' is not an int"
                        + " ('drover logs --help' lists what it takes)");
        expected.forEach((words, line) -> {
            String[] args = words.toArray(String[]::new);
            StringWriter err = new StringWriter();
            CommandLine cl = Drover.commandLine(args);
            cl.setErr(new PrintWriter(err));
            assertEquals(2, cl.execute(args), words.toString());
            assertEquals(line + "\n", err.toString(), words.toString());
        });
    }

    @Test
    void helpNamesEveryVerbAndShowsOnesUsage() {
        for (String[] args : List.of(new String[] {"help", "scale"}, new String[] {"--help"})) {
            StringWriter out = new StringWriter();
            CommandLine cl = Drover.commandLine(args);
            cl.setOut(new PrintWriter(out));
            assertEquals(0, cl.execute(args), List.of(args).toString());
            String text = out.toString();
            if (args[0].equals("help")) {
                assertTrue(text.contains("Usage: drover scale"), text);
            } else {
                assertTrue(text.contains("  help ") && text.contains("  scale ") && text.contains("  start "), text);
            }
        }
    }

    @Test
    void anyOtherWordGoesToPicocli() {
        for (String word : List.of("", "startOrRestart", "--help", "-V", "help", "LS", "list ", "kill")) {
            assertNull(Main.bare(word), word);
        }
    }
}
