package io.drover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.cli.commands.BareVerb;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

class MainTests {
    @Test
    void aBareVerbAnswersToEveryNameOfItsCommandAndTakesNoArgument() {
        int bare = 0;
        for (Supplier<Object> verb : Drover.VERBS) {
            CommandSpec spec = new CommandLine(verb.get()).getCommandSpec();
            List<String> names = new ArrayList<>(List.of(spec.name()));
            names.addAll(List.of(spec.aliases()));
            boolean takesNothing = spec.positionalParameters().isEmpty()
                    && spec.options().stream()
                            .map(OptionSpec::longestName)
                            .allMatch(n -> n.equals("--help") || n.equals("--version"));
            for (String name : names) {
                BareVerb b = Main.bare(name);
                if (b != null) {
                    bare++;
                    assertEquals(spec.userObject().getClass(), b.getClass(), name);
                    assertTrue(takesNothing, name + " takes arguments: picocli must parse it");
                }
            }
            if (Main.bare(spec.name()) != null) {
                names.forEach(n ->
                        assertEquals(spec.userObject().getClass(), Main.bare(n).getClass(), n));
            }
        }
        assertEquals(7, bare, "list and its four aliases, jlist, ping");
    }

    @Test
    void anyOtherWordGoesToPicocli() {
        for (String word : List.of("", "start", "--help", "-V", "help", "LS", "list ")) {
            assertNull(Main.bare(word), word);
        }
    }
}
