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

class MainTests {
    @Test
    void aBareVerbAnswersToEveryNameOfItsCommandAndTypedBareIsWhatPicocliWouldRun() {
        int bare = 0;
        for (Supplier<Object> verb : Drover.VERBS) {
            CommandSpec spec = new CommandLine(verb.get()).getCommandSpec();
            List<String> names = new ArrayList<>(List.of(spec.name()));
            names.addAll(List.of(spec.aliases()));
            // typed bare, picocli would leave every option at its field's initial value, which is what the
            // bare run sees: no positional parameter, no option with a default of picocli's own
            boolean takesNothing = spec.positionalParameters().isEmpty()
                    && spec.options().stream()
                            .allMatch(o -> o.longestName().equals("--help")
                                    || o.longestName().equals("--version")
                                    || (o.defaultValue() == null && !o.required()));
            for (String name : names) {
                BareVerb b = Main.bare(name);
                if (b != null) {
                    bare++;
                    assertEquals(spec.userObject().getClass(), b.getClass(), name);
                    assertTrue(takesNothing, name + " needs picocli to parse it: a parameter or a default");
                }
            }
            if (Main.bare(spec.name()) != null) {
                names.forEach(n ->
                        assertEquals(spec.userObject().getClass(), Main.bare(n).getClass(), n));
            }
        }
        assertEquals(8, bare, "list and its four aliases, jlist and prettylist, ping");
    }

    @Test
    void anyOtherWordGoesToPicocli() {
        for (String word :
                List.of("", "start", "restart", "reload", "stop", "delete", "--help", "-V", "help", "LS", "list ")) {
            assertNull(Main.bare(word), word);
        }
    }
}
