package io.drover.plugins.interpreters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.spi.interpreter.Interpreter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BuiltInInterpretersTests {

    private static List<Interpreter> loaded() {
        return ServiceLoader.load(Interpreter.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
    }

    @Test
    void serviceLoaderFindsEveryBuiltInWithUniqueIds() {
        Set<String> ids = new HashSet<>();
        for (Interpreter i : loaded()) {
            assertTrue(ids.add(i.id()), "duplicate id " + i.id());
        }
        assertEquals(Set.of("bash", "python", "ruby", "php", "perl", "node", "coffee", "typescript", "java"), ids);
    }

    @Test
    void everyExtensionOfTheBriefMapsToItsInterpreter() {
        Map<String, Interpreter> byExt = new HashMap<>();
        for (Interpreter i : loaded()) {
            for (String e : i.extensions()) {
                assertTrue(byExt.put(e, i) == null, "extension claimed twice: " + e);
            }
        }
        assertEquals("bash", byExt.get(".sh").executables().get(0));
        assertEquals("python3", byExt.get(".py").executables().get(0));
        assertEquals("1", byExt.get(".py").environment().get("PYTHONUNBUFFERED"));
        assertEquals("ruby", byExt.get(".rb").executables().get(0));
        assertEquals("php", byExt.get(".php").executables().get(0));
        assertEquals("perl", byExt.get(".pl").executables().get(0));
        for (String js : List.of(".js", ".cjs", ".mjs")) {
            assertEquals("node", byExt.get(js).executables().get(0));
        }
        assertEquals("coffee", byExt.get(".coffee").executables().get(0));
        assertEquals(List.of("ts-node", "bun"), byExt.get(".ts").executables());
        assertEquals(List.of("java"), byExt.get(".jar").executables());
        assertEquals(List.of("-jar"), byExt.get(".jar").arguments());
    }
}
