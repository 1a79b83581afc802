package io.drover.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.StartRequest;
import io.drover.daemon.loghandler.LogHandlers;
import io.drover.daemon.os.users.Accounts;
import io.drover.daemon.os.users.RunAs;
import io.drover.daemon.process.AppSpec;
import io.drover.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code uid}/{@code gid} resolved where the daemon takes a definition, for a root daemon and another. */
class RunAsSpecTests {
    private static final Accounts.Identity ROOT = new Accounts.Identity(0, 0, "root");
    private static final Accounts.Identity ALICE = new Accounts.Identity(1000, 1000, "alice");

    @TempDir
    Path dir;

    @BeforeEach
    void reachable() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private AppSpec spec(Accounts.Identity daemon, Map<String, String> env, Map<String, String> options)
            throws Exception {
        return spec(dir, "", daemon, env, options);
    }

    private AppSpec spec(
            Path where, String cwd, Accounts.Identity daemon, Map<String, String> env, Map<String, String> options)
            throws Exception {
        Path script = Files.writeString(where.resolve("app.sh"), "exec sleep 1\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        AppSpecFactory f = new AppSpecFactory(
                BuiltInSpecs.resolver(dir),
                dir.resolve("logs"),
                Map.of("PATH", System.getenv("PATH")),
                () -> 2,
                LogHandlers.NONE,
                new Accounts(daemon));
        return f.create(AppDefinition.of(
                new StartRequest(script.toString(), "web", "", cwd, List.of(), 1, "", List.of(), env, 0, options)));
    }

    @Test
    void theAppRunsAsTheUserWithItsHomeUserAndLognameAndShowSaysWho() throws Exception {
        AppSpec s = spec(ROOT, Map.of("HOME", "/root", "USER", "root", "A", "1"), Map.of("uid", "nobody"));
        RunAs r = s.runAs();
        assertEquals(65534, r.uid());
        assertEquals("/nonexistent", s.env().get("HOME"), "the user's, not the caller's, as PM2 sets it");
        assertEquals("nobody", s.env().get("USER"));
        assertEquals("nobody", s.env().get("LOGNAME"));
        assertEquals("1", s.env().get("A"));
        Map<String, String> d = SpecDescription.describe(s);
        assertEquals("nobody (65534)", d.get("uid"));
        assertEquals("nogroup (65534)", d.get("gid"));
        assertEquals("65534", d.get("groups"));
    }

    @Test
    void userIsReadAsUidAndGidChoosesTheGroup() throws Exception {
        RunAs r =
                spec(ROOT, Map.of(), Map.of("user", "65534", "gid", "www-data")).runAs();
        assertEquals(65534, r.uid());
        assertEquals(33, r.gid());
    }

    @Test
    void withoutAUserNothingChanges() throws Exception {
        AppSpec s = spec(ROOT, Map.of("HOME", "/root"), Map.of());
        assertNull(s.runAs(), "no switch, no extra step");
        assertEquals("/root", s.env().get("HOME"));
        assertEquals("", SpecDescription.describe(s).get("uid"));
    }

    @Test
    void aScriptOrDirectoryTheUserCannotReachIsOneLineAtStartNotACrashLoop() throws Exception {
        Needs.root("checking files as another user");
        Path closed = Files.createDirectory(dir.resolve("closed"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> spec(closed, "", ROOT, Map.of(), Map.of("uid", "nobody")));
        assertEquals(
                "uid: user nobody cannot read " + closed.resolve("app.sh")
                        + " (the file, or a directory on its way, is closed to nobody); put the app where nobody can"
                        + " read it",
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> spec(dir, closed.toString(), ROOT, Map.of(), Map.of("uid", "nobody")));
        assertTrue(e.getMessage().startsWith("uid: user nobody cannot enter " + closed), e.getMessage());
    }

    @Test
    void anUnknownUserIsOneLineAtStart() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> spec(ROOT, Map.of(), Map.of("uid", "no-such-user-x")));
        assertEquals(
                "uid: no user 'no-such-user-x' on this machine; check the name (getent passwd no-such-user-x), or"
                        + " give a number",
                e.getMessage());
    }

    @Test
    void aDaemonThatIsNotRootRefusesAnotherUserAndAcceptsItsOwn() throws Exception {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> spec(ALICE, Map.of(), Map.of("uid", "www-data")));
        assertEquals(
                "uid: user www-data needs droverd running as root; this daemon runs as alice; leave uid and gid out,"
                        + " or start the app with the system daemon (sudo drover start ...)",
                e.getMessage());
        AppSpec own =
                spec(new Accounts.Identity(65534, 65534, "nobody"), Map.of("HOME", "/h"), Map.of("uid", "nobody"));
        assertNull(own.runAs(), "its own user: nothing to switch");
        assertEquals("/h", own.env().get("HOME"), "exactly as without a user");
    }
}
