package io.drover.daemon.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.drover.testing.Ports;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The socket table tells the keeper (systemd's fd store) exactly which sockets to hold, under which names. */
class SocketTableTests {
    private final List<String> told = new ArrayList<>();
    private final SocketTable table = new SocketTable();

    {
        table.keeper(new SocketKeeper() {
            @Override
            public void keep(String name, int fd) {
                told.add("keep " + name);
            }

            @Override
            public void forget(String name) {
                told.add("forget " + name);
            }
        });
    }

    @AfterEach
    void close() {
        table.close();
    }

    private List<ListeningSocket> bind(String app, String listen) {
        List<ListeningSocket> s = table.bind(app, SocketSpec.parseAll(listen, app));
        table.commit(app, s);
        return s;
    }

    @Test
    void everySocketAnAppHoldsIsKeptOnceUnderAppDotSocket() throws Exception {
        List<ListeningSocket> held = bind("web", "http=127.0.0.1:" + Ports.free() + ",admin=127.0.0.1:" + Ports.free());
        assertEquals(List.of("keep web.http", "keep web.admin"), told);
        // the same sockets committed again (an edit, a reload) are not sent again
        table.commit(
                "web", table.bind("web", List.of(held.get(0).spec(), held.get(1).spec())));
        assertEquals(2, told.size(), told::toString);
    }

    @Test
    void aRenamedSocketIsKeptUnderItsNewNameOnly() throws Exception {
        ListeningSocket s = bind("web", "http=127.0.0.1:" + Ports.free()).get(0);
        told.clear();
        bind("web", "public=127.0.0.1:" + s.port());
        assertEquals(List.of("forget web.http", "keep web.public"), told);
    }

    @Test
    void socketsAnAppLetsGoAreDroppedFromTheStore() throws Exception {
        ListeningSocket kept = bind("web", "http=127.0.0.1:" + Ports.free() + ",admin=127.0.0.1:" + Ports.free())
                .get(0);
        told.clear();
        bind("web", "http=127.0.0.1:" + kept.port());
        assertEquals(List.of("forget web.admin"), told);
        told.clear();
        table.release("web");
        assertEquals(List.of("forget web.http"), told);
    }

    @Test
    void aSocketSystemdHandsBackIsAdoptedOnlyWhereTheAppStillDeclaresIt(@TempDir Path dir) throws Exception {
        int port = Ports.free();
        ListeningSocket s = bind("web", "http=127.0.0.1:" + port).get(0);
        SocketSpec same = SocketSpec.parseAll("http=127.0.0.1:" + port, "web").get(0);
        assertEquals(true, ListeningSocket.boundAsDeclared(s.fd(), same));
        assertEquals(
                true,
                ListeningSocket.boundAsDeclared(
                        s.fd(), SocketSpec.parseAll("localhost:" + port, "web").get(0)));
        assertEquals(
                false,
                ListeningSocket.boundAsDeclared(
                        s.fd(),
                        SocketSpec.parseAll("127.0.0.1:" + Ports.free(), "web").get(0)));
        assertEquals(
                false,
                ListeningSocket.boundAsDeclared(
                        s.fd(),
                        SocketSpec.parseAll(Integer.toString(port), "web").get(0)),
                "every interface is another address");
        Path sock = dir.resolve("a.sock");
        ListeningSocket u = bind("api", "api=" + sock).get(0);
        assertEquals(
                true,
                ListeningSocket.boundAsDeclared(
                        u.fd(), SocketSpec.parseAll("api=" + sock, "api").get(0)));
        assertEquals(
                false,
                ListeningSocket.boundAsDeclared(
                        u.fd(), SocketSpec.parseAll("api=" + sock + "2", "api").get(0)));
        assertEquals(false, ListeningSocket.boundAsDeclared(u.fd(), same));
    }
}
