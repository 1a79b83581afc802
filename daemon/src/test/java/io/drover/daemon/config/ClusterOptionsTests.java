package io.drover.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.StartRequest;
import io.drover.daemon.process.AppSpec;
import io.drover.daemon.process.Cluster;
import io.drover.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sockets, readiness and instance variables as options, and how they shape an app's spec. */
class ClusterOptionsTests {
    @TempDir
    Path dir;

    /** The daemon's factory with the built-in interpreters and a machine of {@code cpus} CPUs. */
    private AppSpecFactory factory(int cpus) {
        return BuiltInSpecs.factory(dir, cpus);
    }

    private AppSpec spec(int instances, Map<String, String> options, int cpus) throws Exception {
        Path script = Files.writeString(dir.resolve("app.sh"), "exec sleep 1\n");
        AppSpecFactory f = factory(cpus);
        return f.create(AppDefinition.of(new StartRequest(
                script.toString(), "web", "", "", List.of(), instances, "", List.of(), Map.of(), 0, options)));
    }

    @Test
    void socketsReadinessAndVariablesAreRead() throws Exception {
        Cluster c = spec(
                        1,
                        Map.of(
                                "listen", "http=127.0.0.1:8080,sock/app.sock",
                                "wait_ready", "true",
                                "listen_timeout", "5s",
                                "instance_var", "INSTANCE_ID",
                                "increment_var", "PORT"),
                        2)
                .cluster();
        assertEquals(2, c.sockets().size());
        assertEquals(dir.resolve("sock/app.sock"), c.sockets().get(1).path(), "relative to the app's cwd");
        assertTrue(c.waitReady());
        assertEquals(Duration.ofSeconds(5), c.listenTimeout());
        assertEquals("INSTANCE_ID", c.instanceVar());
        assertEquals("PORT", c.incrementVar());
        assertEquals("cluster", c.mode(), "an app with sockets reloads side by side");
    }

    @Test
    void theModeIsWhatExecModeSaysWhateverTheCount() throws Exception {
        assertEquals("fork", spec(1, Map.of(), 2).cluster().mode());
        assertEquals("fork", spec(3, Map.of(), 2).cluster().mode(), "a saved app scaled in fork mode stays forked");
        assertEquals(
                "cluster", spec(1, Map.of("exec_mode", "cluster"), 2).cluster().mode());
        assertEquals("fork", spec(3, Map.of("exec_mode", "fork"), 2).cluster().mode());
        assertEquals(2, spec(0, Map.of(), 2).instances(), "0 (max) is one per CPU");
    }

    @Test
    void minusNIsTheCpuCountLessNAndNeverBeyondIt() throws Exception {
        assertEquals(3, spec(-1, Map.of(), 4).instances());
        assertEquals(1, spec(-4, Map.of(), 4).instances(), "every CPU less leaves one, as PM2 runs");
        assertEquals(
                "instances -100000 asks for 100000 fewer than this machine's 4 CPUs; give a number of instances, max,"
                        + " or -1 to -4",
                assertThrows(IllegalArgumentException.class, () -> spec(-100000, Map.of(), 4))
                        .getMessage());
    }

    @Test
    void mistakesAreOneLineNamingTheFix() {
        assertEquals(
                "instances max needs the CPU count, which cannot be read here; give a number of instances instead",
                assertThrows(IllegalArgumentException.class, () -> spec(0, Map.of(), 0))
                        .getMessage());
        assertEquals(
                "listen_stdin: puts one socket on standard input, but 2 are declared; declare exactly one with listen",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> spec(1, Map.of("listen", "80,81", "listen_stdin", "true"), 2))
                        .getMessage());
        assertEquals(
                "exec_mode: 'swarm' is not fork or cluster",
                assertThrows(IllegalArgumentException.class, () -> spec(1, Map.of("exec_mode", "swarm"), 2))
                        .getMessage());
        assertEquals(
                "increment_var: '1PORT' is not a variable name; use letters, digits and '_', e.g. PORT",
                assertThrows(IllegalArgumentException.class, () -> spec(1, Map.of("increment_var", "1PORT"), 2))
                        .getMessage());
        assertFalse(assertThrows(IllegalArgumentException.class, () -> spec(1, Map.of("listen_timeout", "0"), 2))
                .getMessage()
                .isBlank());
    }

    @Test
    void everyNodeAppPreloadsTheShimOverAChannelAndOnlyAClusterAsksForItsPorts() throws Exception {
        Path js = Files.writeString(dir.resolve("server.js"), "require('http').createServer().listen(8080)\n");
        Needs.program("node", "nodejs");
        AppSpecFactory f = factory(2);
        AppSpec declared = f.create(AppDefinition.of(new StartRequest(
                js.toString(), "js", "", "", List.of(), 2, "", List.of(), Map.of(), 0, Map.of("listen", "8080"))));
        assertEquals("--require", declared.argv().get(1));
        Path shim = Path.of(declared.argv().get(2));
        assertTrue(Files.readString(shim).contains("LISTEN_FDS"));
        assertEquals(js.toString(), declared.argv().get(3));

        AppSpec cluster = f.create(AppDefinition.of(new StartRequest(
                js.toString(),
                "js2",
                "",
                "",
                List.of(),
                2,
                "",
                List.of(),
                Map.of(),
                0,
                Map.of("exec_mode", "cluster"))));
        assertEquals(
                List.of("--require", shim.toString(), js.toString()),
                cluster.argv().subList(1, 4));
        assertEquals("NODE_CHANNEL_FD", cluster.cluster().channel());
        assertEquals("json", cluster.env().get("NODE_CHANNEL_SERIALIZATION_MODE"), "the framing the daemon reads");
        assertTrue(cluster.cluster().sharesPorts(), "in cluster mode listen() asks the daemon");

        AppSpec fork = f.create(AppDefinition.of(
                new StartRequest(js.toString(), "js3", "", "", List.of(), 1, "", List.of(), Map.of(), 0, Map.of())));
        assertEquals("NODE_CHANNEL_FD", fork.cluster().channel(), "process.send('ready') works in fork mode too");
        assertFalse(fork.cluster().sharesPorts(), "one instance in fork mode binds its ports itself");

        Path py = Files.writeString(dir.resolve("server.py"), "print('hi')\n");
        AppSpec python = f.create(AppDefinition.of(
                new StartRequest(py.toString(), "py", "", "", List.of(), 2, "", List.of(), Map.of(), 0, Map.of())));
        assertEquals(py.toString(), python.argv().get(1), "no shim for a runtime without one");
        assertEquals("", python.cluster().channel());
    }

    private AppSpec start(Path script, Map<String, String> options) {
        return factory(2)
                .create(AppDefinition.of(new StartRequest(
                        script.toString(), "web", "", "", List.of(), 1, "", List.of(), Map.of(), 0, options)));
    }

    @Test
    void portSetsPortAndDeclaresTheSocketForAnAppWhoseListenTakesItAsItIs() throws Exception {
        Needs.program("node", "nodejs");
        Path js = Files.writeString(
                dir.resolve("server.js"), "require('http').createServer().listen(process.env.PORT)\n");
        AppSpec node = start(js, Map.of("port", "3000"));
        assertEquals("3000", node.env().get("PORT"));
        assertEquals(
                List.of(3000),
                node.cluster().sockets().stream().map(s -> s.port()).toList());
        assertEquals("--require", node.argv().get(1), "the shim turns listen(3000) into the shared socket");
        assertEquals("cluster", node.cluster().mode(), "so a reload replaces instances side by side");
    }

    @Test
    void anExplicitListenSaysWhichSocketsThereAreAndPortOnlySetsPort() throws Exception {
        Needs.program("node", "nodejs");
        Path js = Files.writeString(dir.resolve("server.js"), "require('http').createServer().listen(8080)\n");
        AppSpec node = start(js, Map.of("port", "3000", "listen", "127.0.0.1:8080"));
        assertEquals("3000", node.env().get("PORT"));
        assertEquals(
                List.of("127.0.0.1:8080"),
                node.cluster().sockets().stream()
                        .map(s -> s.declared().address())
                        .toList());
    }

    @Test
    void anAppRunWithoutASocketShimBindsItsPortItselfAsUnderPm2() throws Exception {
        Path sh = Files.writeString(dir.resolve("app.sh"), "exec sleep 1\n");
        AppSpec shell = start(sh, Map.of("port", "3000"));
        assertEquals("3000", shell.env().get("PORT"));
        assertEquals(List.of(), shell.cluster().sockets(), "a socket held by the daemon would refuse its own bind");
        assertEquals(
                "port: '70000' is not a port number from 1 to 65535",
                assertThrows(IllegalArgumentException.class, () -> start(sh, Map.of("port", "70000")))
                        .getMessage());
    }

    @Test
    void aCommandLineWithAPortOnlySetsPort() {
        AppSpec command = factory(2)
                .create(AppDefinition.of(new StartRequest(
                        "sleep 300",
                        "cmd",
                        "",
                        dir.toString(),
                        List.of(),
                        1,
                        "",
                        List.of(),
                        Map.of(),
                        0,
                        Map.of("port", "3000"))));
        assertEquals("3000", command.env().get("PORT"));
        assertEquals(List.of(), command.cluster().sockets(), "its program binds PORT itself");
    }
}
