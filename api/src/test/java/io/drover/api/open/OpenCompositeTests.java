package io.drover.api.open;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import org.junit.jupiter.api.Test;

class OpenCompositeTests {
    private static final CompositeType TYPE = type();

    private static CompositeType type() {
        try {
            return new CompositeType(
                    "Row", "a row", new String[] {"name", "pid"}, new String[] {"name", "pid"}, new OpenType<?>[] {
                        SimpleType.STRING, SimpleType.LONG
                    });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aBuiltValueEqualsTheJdksWithTheSameItems() throws Exception {
        OpenComposite built =
                OpenComposite.builder(TYPE).put("pid", 42L).put("name", "web").build();
        CompositeDataSupport jdk =
                new CompositeDataSupport(TYPE, new String[] {"name", "pid"}, new Object[] {"web", 42L});
        assertEquals(jdk, built);
        assertEquals(built, jdk);
        assertEquals(jdk.hashCode(), built.hashCode());
        assertEquals(jdk.toString(), built.toString());
    }

    @Test
    void anItemMissingUnknownOrOfAnotherTypeIsNamed() {
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class,
                () -> OpenComposite.builder(TYPE).put("name", "web").build());
        assertTrue(missing.getMessage().contains("'pid'"), missing.getMessage());
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> OpenComposite.builder(TYPE)
                        .put("port", 1));
        assertTrue(unknown.getMessage().contains("'port'"), unknown.getMessage());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> OpenComposite.builder(TYPE)
                .put("name", "web")
                .put("pid", 42)
                .build());
        assertTrue(wrong.getMessage().contains("'pid'"), wrong.getMessage());
    }
}
