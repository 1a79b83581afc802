package io.drover.cli.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.Homes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnitFilesTests {

    @Test
    void theSystemServiceIsTheShippedUnitWithThisMachinesLauncher() {
        String text = new ServiceUnit("droverd.service", null, Homes.SYSTEM, Path.of("/opt/drover/droverd")).text();
        assertTrue(text.startsWith(ServiceUnit.MARKER + "; 'drover unstartup' disables and removes it.\n"), text);
        assertTrue(text.contains("\nExecStart=/opt/drover/droverd\n"), text);
        assertTrue(text.contains("\nEnvironment=DROVER_HOME=/var/lib/drover\n"), text);
        assertTrue(text.contains("\nEnvironmentFile=-/etc/default/drover\n"), text);
        assertTrue(text.contains("\nType=notify\n"), text);
        assertTrue(text.contains("\nUMask=0027\n"), "files the daemon creates are not for other users: " + text);
        assertTrue(text.contains("\nFileDescriptorStoreMax="), text);
        assertTrue(text.contains("\nWantedBy=multi-user.target\n"), text);
        assertFalse(text.contains("User="), text);
        // nothing of the JDK or of an interpreter is written into the unit: the launcher finds them at boot
        assertFalse(text.contains("java"), text);
        assertFalse(text.contains("PATH="), text);
    }

    @Test
    void aUsersServiceRunsAsThatUserWithItsHome() {
        String text = new ServiceUnit(
                        "drover-alice.service", "alice", Path.of("/home/alice/.drover"), Path.of("/usr/bin/droverd"))
                .text();
        assertTrue(
                text.contains("[Service]\n# the daemon and its apps run as alice (and its group)\nUser=alice\n"), text);
        assertTrue(text.contains("\nEnvironment=DROVER_HOME=/home/alice/.drover\n"), text);
        assertTrue(text.contains("\nDescription=Drover process manager for alice\n"), text);
        assertTrue(text.contains("'drover unstartup -u alice'"), text);
        // /etc/default/drover holds the system daemon's settings (its home among them), not alice's
        assertFalse(text.contains("EnvironmentFile="), text);
        assertFalse(text.contains("/etc/default/drover"), text);
    }

    @Test
    void pathsWithSpacesOrPercentSignsAreWrittenAsSystemdReadsThem() {
        String text = new ServiceUnit(
                        "drover-bob.service", "bob", Path.of("/home/bob smith/.drover"), Path.of("/opt/100%/droverd"))
                .text();
        assertTrue(text.contains("\nExecStart=/opt/100%%/droverd\n"), text);
        assertTrue(text.contains("\nEnvironment=\"DROVER_HOME=/home/bob smith/.drover\"\n"), text);
    }

    @Test
    void socketUnitsFollowTheSocketsTheDaemonHolds() {
        List<SocketUnit> units = SocketUnit.of(
                "web",
                List.of(
                        "web=*:8080",
                        "admin=127.0.0.1:9090;backlog=64",
                        "v6=[::1]:7070 (from systemd)",
                        "api=/run/web.sock;mode=0660"),
                "drover",
                "droverd.service");
        assertEquals(
                List.of(
                        "drover-web.socket",
                        "drover-web-admin.socket",
                        "drover-web-v6.socket",
                        "drover-web-api.socket"),
                units.stream().map(SocketUnit::name).toList());
        String plain = units.get(0).text();
        assertTrue(plain.contains("\nListenStream=8080\n"), plain);
        assertTrue(plain.contains("\nFileDescriptorName=web.web\n"), plain);
        assertTrue(plain.contains("\nService=droverd.service\n"), plain);
        assertTrue(plain.contains("\nWantedBy=sockets.target\n"), plain);
        assertTrue(plain.startsWith(ServiceUnit.MARKER + " --sockets for droverd.service;"), plain);
        assertTrue(units.get(1).text().contains("\nListenStream=127.0.0.1:9090\nBacklog=64\n"));
        assertTrue(units.get(2).text().contains("\nListenStream=[::1]:7070\n"));
        assertTrue(units.get(3).text().contains("\nListenStream=/run/web.sock\nSocketMode=0660\n"));
    }

    @Test
    void theOnlySocketOfAnAppIsDroverAppSocket() {
        List<SocketUnit> units =
                SocketUnit.of("web", List.of("http=127.0.0.1:8080"), "drover-alice", "drover-alice.service");
        assertEquals("drover-alice-web.socket", units.get(0).name());
        assertTrue(units.get(0).text().contains("\nFileDescriptorName=web.http\n"));
        assertTrue(units.get(0).text().contains("\nService=drover-alice.service\n"));
    }

    @Test
    void aPortTheKernelPickedCannotBeHeldBySystemd() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SocketUnit.of(
                        "web",
                        List.of("web=127.0.0.1:41234 (port picked by the kernel)"),
                        "drover",
                        "droverd.service"));
        assertTrue(e.getMessage().contains("give it a fixed port"), e.getMessage());
    }

    @Test
    void aLineBreakInAnAddressIsRefusedAndNeverWritten() {
        SocketUnit unit = SocketUnit.of(
                        "web",
                        List.of("web=/tmp/x.sock\nExecStartPre=/bin/touch /tmp/pwned"),
                        "drover",
                        "droverd.service")
                .get(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, unit::text);
        assertEquals(
                "the address: '/tmp/x.sock\\nExecStartPre=/bin/touch /tmp/pwned' holds a control character (a line"
                        + " break); remove it; nothing was written",
                e.getMessage());
    }

    @Test
    void aLineBreakInAHomeOrAUserIsRefusedAndNeverWritten() {
        for (ServiceUnit unit : List.of(
                new ServiceUnit(
                        "drover-bob.service",
                        "bob",
                        Path.of("/home/bob\nExecStartPre=/bin/sh -c id"),
                        Path.of("/usr/bin/droverd")),
                new ServiceUnit(
                        "drover-bob.service", "bob\nExecStartPre=/x", Path.of("/home/bob"), Path.of("/usr/bin/d")),
                new ServiceUnit(
                        "drover-bob.service\nExecStartPre=/x", "bob", Path.of("/home/bob"), Path.of("/usr/bin/d")))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, unit::text);
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
    }

    @Test
    void appNamesOutsideASystemdUnitNamesCharactersAreEscapedAsSystemdEscapeDoes() {
        List<SocketUnit> units = SocketUnit.of("my app é", List.of("http=8080"), "drover", "droverd.service");
        assertEquals("drover-my\\x20app\\x20\\xc3\\xa9.socket", units.get(0).name());
    }

    @Test
    void whatASystemdDescriptorNameCannotHoldIsRefused() {
        SocketUnit unit = SocketUnit.of("a:b", List.of("http=8080"), "drover", "droverd.service")
                .get(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, unit::text);
        assertTrue(
                e.getMessage().startsWith("the socket name 'a:b.http' cannot be a systemd descriptor name"),
                e.getMessage());
        SocketUnit badMode = SocketUnit.of("web", List.of("web=/run/w.sock;mode=0660\nX=1"), "drover", "d.service")
                .get(0);
        assertThrows(IllegalArgumentException.class, badMode::text);
        SocketUnit percent = SocketUnit.of("web", List.of("web=/run/100%.sock"), "drover", "droverd.service")
                .get(0);
        assertTrue(percent.text().contains("\nListenStream=/run/100%%.sock\n"), "a specifier is doubled");
    }

    @Test
    void theUnitOfAHomeWithBlanksIsRecognisedAsItsDaemons(@TempDir Path dir) throws Exception {
        Path home = Path.of("/home/bob smith/.drover");
        Path file = dir.resolve("drover-bob.service");
        Files.writeString(file, new ServiceUnit("drover-bob.service", "bob", home, Path.of("/usr/bin/droverd")).text());
        assertTrue(BootUnit.runs(file, home), "a second daemon would start beside the unit's");
        assertFalse(BootUnit.runs(file, Path.of("/home/bob/.drover")));
        Path shipped = dir.resolve("droverd.service");
        Files.writeString(shipped, ServiceUnit.shipped());
        assertTrue(BootUnit.runs(shipped, Homes.SYSTEM), "the packaged unit");
    }

    @Test
    void rootWorksWithTheSystemDaemonAndOthersWithTheirOwn() {
        assertEquals(Path.of("/var/lib/drover"), Homes.resolve(null, true, "/root"));
        assertEquals(Path.of("/home/bob/.drover"), Homes.resolve("", false, "/home/bob"));
        assertEquals(Path.of("/srv/d"), Homes.resolve("/srv/d", true, "/root"));
    }
}
