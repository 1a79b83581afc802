package io.drover.daemon.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SocketSpecTests {
    @Test
    void everyAddressFormIsRead() {
        List<SocketSpec> s = SocketSpec.parseAll(
                "8080, http=127.0.0.1:8081, [::1]:8082, admin=/run/app/admin.sock;mode=0660, unix:/tmp/x.sock;backlog=64",
                "web");
        assertEquals(new SocketSpec("web", "", 8080, null, -1, 511), s.get(0));
        assertEquals(new SocketSpec("http", "127.0.0.1", 8081, null, -1, 511), s.get(1));
        assertEquals(new SocketSpec("web-3", "::1", 8082, null, -1, 511), s.get(2));
        assertEquals(new SocketSpec("admin", "", 0, Path.of("/run/app/admin.sock"), 0660, 511), s.get(3));
        assertEquals(64, s.get(4).backlog());
        assertEquals("*:8080", s.get(0).address());
        assertEquals("[::1]:8082", s.get(2).address());
    }

    @Test
    void theTextFormReadsBackToTheSameSockets() {
        List<SocketSpec> s = SocketSpec.parseAll("http=127.0.0.1:8081,9090,a=/run/a.sock;mode=0600;backlog=10", "web");
        String text = String.join(",", s.stream().map(SocketSpec::text).toList());
        assertEquals(s, SocketSpec.parseAll(text, "web"));
    }

    @Test
    void mistakesAreNamedWithTheFix() {
        assertTrue(message("http=localhost:99999").contains("port '99999' is not a number from 0 to 65535"));
        assertTrue(message("::1:80").contains("write IPv6 addresses as [::1]:8080"));
        assertTrue(message("a=80,a=81").contains("two sockets are named 'a'"));
        assertTrue(message("80,80").contains("*:80 is declared twice"));
        assertTrue(message("80;mode=0660").contains("mode= applies to unix socket files"));
        assertTrue(message("bad name=80").contains("'bad name' is not a socket name"));
        assertTrue(message("/" + "x".repeat(120)).contains("longer than the 107 bytes"));
        assertTrue(message(";").contains("';' has no address"), "found by the fuzzer: once an exception");
    }

    private static String message(String text) {
        return assertThrows(IllegalArgumentException.class, () -> SocketSpec.parseAll(text, "web"))
                .getMessage();
    }
}
