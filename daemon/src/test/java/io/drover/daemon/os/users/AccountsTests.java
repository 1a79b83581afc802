package io.drover.daemon.os.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.testing.Needs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Users and groups resolved through the system's user database, and who may switch to them. */
class AccountsTests {
    private static final Accounts ROOT = new Accounts(new Accounts.Identity(0, 0, "root"));
    private static final Accounts ALICE = new Accounts(new Accounts.Identity(1000, 1000, "alice"));

    @Test
    void aNameResolvesToItsIdsHomeAndGroups() {
        RunAs nobody = ROOT.resolve("nobody", "").orElseThrow();
        assertEquals(65534, nobody.uid());
        assertEquals(65534, nobody.gid());
        assertEquals(List.of(65534L), nobody.groups(), "initgroups' list: the primary group and the memberships");
        assertEquals("nobody", nobody.user());
        assertEquals("nogroup", nobody.group());
        assertEquals(Path.of("/nonexistent"), nobody.home());
        assertEquals("nobody (65534)", nobody.userText());
        assertEquals(Map.of("HOME", "/nonexistent", "USER", "nobody", "LOGNAME", "nobody"), nobody.environment());
    }

    @Test
    void aNumberWithAnEntryIsThatUser() {
        assertEquals(ROOT.resolve("nobody", ""), ROOT.resolve("65534", ""));
    }

    @Test
    void aNumberWithoutAnEntryRunsWithItsOwnNumberAsGroupNoSupplementaryGroupsAndHomeSlash() {
        RunAs n = ROOT.resolve("3999999", "").orElseThrow();
        assertEquals(3999999, n.uid());
        assertEquals(3999999, n.gid(), "never root's group by default");
        assertEquals(List.of(), n.groups());
        assertEquals(Path.of("/"), n.home());
        assertEquals("3999999", n.userText());
        assertEquals("3999999", n.environment().get("USER"));
    }

    @Test
    void aGroupGivenReplacesThePrimaryGroupAndKeepsTheUsersMemberships() {
        RunAs n = ROOT.resolve("nobody", "www-data").orElseThrow();
        assertEquals(33, n.gid());
        assertEquals("www-data", n.group());
        assertTrue(n.groups().contains(33L), n.groups().toString());
        assertEquals(33, ROOT.resolve("nobody", "33").orElseThrow().gid());
        assertEquals(4000000, ROOT.resolve("nobody", "4000000").orElseThrow().gid(), "a number without an entry");
    }

    @Test
    void aMembersSupplementaryGroupsAreAmongItsGroups() throws Exception {
        // a user listed as a member of a group that is not its primary one, whichever this machine has
        String[] member = memberOfAGroup();
        Needs.that(member != null, "no user on this machine is a member of a group besides its own");
        RunAs r = ROOT.resolve(member[0], "").orElseThrow();
        assertTrue(r.groups().contains(Long.parseLong(member[1])), member[0] + " in " + member[1] + ": " + r.groups());
        assertTrue(r.groups().contains(r.gid()), "the primary group too: " + r.groups());
    }

    private static String[] memberOfAGroup() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("getent", "group").start();
        String all = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        for (String line : all.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length == 4 && !f[3].isEmpty()) {
                return new String[] {f[3].split(",")[0], f[2]};
            }
        }
        return null;
    }

    @Test
    void anUnknownUserOrGroupIsOneLineNamingTheFix() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ROOT.resolve("no-such-user-x", ""));
        assertEquals(
                "uid: no user 'no-such-user-x' on this machine; check the name (getent passwd no-such-user-x), or"
                        + " give a number",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ROOT.resolve("nobody", "no-such-group-x"));
        assertEquals(
                "gid: no group 'no-such-group-x' on this machine; check the name (getent group no-such-group-x), or"
                        + " give a number",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Accounts.checkUser("no-such-user-x"));
        Accounts.checkUser("3999999"); // any number
        Accounts.checkGroup("");
    }

    @Test
    void aGroupAloneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ROOT.resolve("", "nogroup"));
        assertEquals(
                "gid: give uid as well, the user the app runs as; a group alone would leave it running as root",
                e.getMessage());
        assertTrue(ROOT.resolve("", "").isEmpty(), "neither: the daemon's own account");
    }

    @Test
    void aDaemonThatIsNotRootRefusesAnotherUserNamingTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ALICE.resolve("nobody", ""));
        assertEquals(
                "uid: user nobody needs droverd running as root; this daemon runs as alice; leave uid and gid out,"
                        + " or start the app with the system daemon (sudo drover start ...)",
                e.getMessage());
        Accounts asNobody = new Accounts(new Accounts.Identity(65534, 65534, "nobody"));
        e = assertThrows(IllegalArgumentException.class, () -> asNobody.resolve("nobody", "www-data"));
        assertTrue(
                e.getMessage()
                        .startsWith("gid: group www-data needs droverd running as root; this daemon runs as"
                                + " nobody (group 65534)"),
                e.getMessage());
    }

    @Test
    void theDaemonsOwnAccountIsNothingToSwitch() {
        Accounts asNobody = new Accounts(new Accounts.Identity(65534, 65534, "nobody"));
        assertTrue(asNobody.resolve("nobody", "").isEmpty());
        assertTrue(asNobody.resolve("65534", "nogroup").isEmpty());
        assertTrue(ROOT.resolve("root", "").isEmpty());
        assertFalse(ROOT.resolve("root", "www-data").isEmpty(), "root with another group is a switch");
    }

    @Test
    void theSystemAccountsKnowWhoThisProcessIs() {
        Accounts.Identity self = Accounts.system().self();
        assertEquals(System.getProperty("user.name"), self.name());
    }
}
