package io.drover.api.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrintableTests {
    @Test
    void textWithoutControlCharactersPassesAsItIs() {
        assertEquals("/srv/my app/100%.log", Printable.check("/srv/my app/100%.log"));
        assertEquals("café ☕", Printable.check("café ☕"));
    }

    @Test
    void aControlCharacterIsRefusedWithTheValueWrittenOnOneLine() {
        assertEquals(
                "'/tmp/a\\nExecStartPre=/bin/id' holds a control character (a line break); remove it",
                assertThrows(IllegalArgumentException.class, () -> Printable.check("/tmp/a\nExecStartPre=/bin/id"))
                        .getMessage());
        assertEquals(
                "'a\\u001b[2Jb' holds a control character (an escape); remove it",
                assertThrows(IllegalArgumentException.class, () -> Printable.check("a\u001b[2Jb"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> Printable.check("a\u2028b"));
        assertThrows(IllegalArgumentException.class, () -> Printable.check("a\u0000b"));
    }

    @Test
    void textInsideListsAndMapsReadFromAFileIsCheckedToo() {
        Printable.checkAll(List.of(Map.of("path", "/a.sock", "port", 80)));
        assertThrows(
                IllegalArgumentException.class, () -> Printable.checkAll(List.of(Map.of("path", "/a.sock\n[Unit]"))));
        assertThrows(IllegalArgumentException.class, () -> Printable.checkAll(Map.of("k\r", "v")));
    }

    @Test
    void aSettingRefusesAControlCharacterWhetherTypedOrRead() {
        assertThrows(IllegalArgumentException.class, () -> Settings.OUT_FILE.parse("/tmp/o\n.log"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Settings.LISTEN.read(List.of(Map.of("path", "/a\n"))));
        assertEquals("listen: '/a\\n' holds a control character (a line break); remove it", e.getMessage());
    }

    @Test
    void textForALogLineHasEachControlCharacterReplacedAndIsCutAfterItsLimit() {
        assertEquals("evil?INFO forged? line?", Printable.forLog("evil\nINFO forged\u2028 line\u0085", 64));
        assertEquals("café ☕", Printable.forLog("café ☕", 6));
        assertEquals("caf...", Printable.forLog("café ☕", 3));
        assertEquals("", Printable.forLog(null, 10));
    }
}
