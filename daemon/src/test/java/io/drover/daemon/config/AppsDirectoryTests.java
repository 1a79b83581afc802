package io.drover.daemon.config;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.AppView;
import io.drover.api.InstanceView;
import io.drover.daemon.testing.DaemonLog;
import io.drover.daemon.testing.TestDaemon;
import io.drover.testing.Needs;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's apps directory is its configuration: read at start, read again on reload (SIGHUP,
 * {@code systemctl reload}), with real processes.
 */
class AppsDirectoryTests {
    @TempDir
    Path dir;

    /** The daemon's log lines, as its operator would read them. */
    @RegisterExtension
    final DaemonLog log = new DaemonLog();

    private static List<String> statuses(AppView v) {
        return v.processes().stream().map(InstanceView::status).toList();
    }

    @Test
    void theDirectoryIsAppliedAtStartAndAgainOnReloadLeavingStoppedAppsStopped() throws Exception {
        Path apps = Files.createDirectories(dir.resolve("apps.d"));
        Path script = Files.writeString(dir.resolve("app.sh"), "exec sleep 305\n");
        Files.writeString(apps.resolve("one.yaml"), "apps:\n  - name: one\n    script: " + script + "\n");
        Files.writeString(apps.resolve("notes.txt"), "not an ecosystem file: ignored\n");
        try (TestDaemon d =
                new TestDaemon(dir.resolve("home"), List.of(), Map.of("DROVER_APPS_DIR", apps.toString()))) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> statuses(d.api().describe("one")).equals(List.of("online")));
            d.api().stop("one");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> statuses(d.api().describe("one")).equals(List.of("stopped")));
            long twoBefore;

            // a new file, and a broken one: the new app starts, the broken file is named in the log, one stays stopped
            Files.writeString(
                    apps.resolve("two.json"),
                    "{\"apps\": [{\"name\": \"two\", \"script\": \"" + script + "\", \"instances\": 1}]}");
            Files.writeString(apps.resolve("broken.json"), "{\"apps\": [{\"name\": ");
            d.daemon.reloadAll();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> statuses(d.api().describe("two")).equals(List.of("online")));
            assertEquals(List.of("stopped"), statuses(d.api().describe("one")), "a stopped app stays stopped");
            assertTrue(
                    log.messages().stream().anyMatch(m -> m.contains("broken.json not applied")),
                    () -> log.messages().toString());
            twoBefore = d.api().describe("two").processes().get(0).pid();

            // a changed file: that app is replaced with its new definition
            Files.writeString(
                    apps.resolve("two.json"),
                    "{\"apps\": [{\"name\": \"two\", \"script\": \"" + script + "\", \"instances\": 2}]}");
            d.daemon.reloadAll();
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> statuses(d.api().describe("two")).equals(List.of("online", "online")));
            assertNotEquals(
                    twoBefore, d.api().describe("two").processes().get(0).pid());
            assertEquals(List.of("stopped"), statuses(d.api().describe("one")));

            // a stopped app whose file changed takes the new definition and stays stopped until started
            Files.writeString(
                    apps.resolve("one.yaml"), "apps:\n  - name: one\n    script: " + script + "\n    instances: 2\n");
            d.daemon.reloadAll();
            assertEquals(2, d.api().describe("one").instances());
            assertTrue(statuses(d.api().describe("one")).stream().allMatch(st -> st.equals("stopped")));
            d.app("one").start();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> statuses(d.api().describe("one")).equals(List.of("online", "online")));
        }
    }

    @Test
    void aFileAnotherUserOwnsOrMayWriteIsIgnoredWithOneLineNamingIt() throws Exception {
        Needs.root("files owned by another user");
        Path apps = Files.createDirectories(dir.resolve("apps.d"));
        Path script = Files.writeString(dir.resolve("app.sh"), "exec sleep 305\n");
        Files.writeString(apps.resolve("good.yaml"), "apps:\n  - name: good\n    script: " + script + "\n");
        Path theirs = Files.writeString(apps.resolve("theirs.yaml"), "apps:\n  - name: theirs\n    script: /bin/id\n");
        Files.setAttribute(theirs, "unix:uid", 65534);
        Path open = Files.writeString(apps.resolve("open.yaml"), "apps:\n  - name: open\n    script: /bin/id\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path target = Files.writeString(elsewhere.resolve("t.yaml"), "apps:\n  - name: linked\n    script: /bin/id\n");
        Files.setAttribute(target, "unix:uid", 65534);
        Files.createSymbolicLink(apps.resolve("linked.yaml"), target);
        try (TestDaemon d =
                new TestDaemon(dir.resolve("home"), List.of(), Map.of("DROVER_APPS_DIR", apps.toString()))) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> statuses(d.api().describe("good")).equals(List.of("online")));
            List<String> names = d.api().getApps().stream().map(AppView::name).toList();
            assertEquals(List.of("good"), names, "only the trusted file is applied");
            List<String> lines = log.messages();
            assertTrue(
                    lines.stream().anyMatch(m -> m.startsWith(theirs + " ignored: it belongs to uid 65534")),
                    lines::toString);
            assertTrue(
                    lines.stream()
                            .anyMatch(m -> m.startsWith(
                                    open + " ignored: it may be written by its group and anyone (mode 0666)")),
                    lines::toString);
            assertTrue(
                    lines.stream()
                            .anyMatch(m -> m.startsWith(apps.resolve("linked.yaml") + " ignored: it leads to " + target
                                    + ", and it belongs to uid 65534")),
                    lines::toString);
        }
    }

    @Test
    void aFileInARootFolderInsideAnotherUsersFolderIsIgnored() throws Exception {
        Needs.root("folders owned by another user");
        Path apps = Files.createDirectories(dir.resolve("apps.d"));
        Path theirs = Files.createDirectories(dir.resolve("theirs"));
        Path deploy = Files.createDirectories(theirs.resolve("deploy")); // they can rename it, and put theirs there
        Path target = Files.writeString(deploy.resolve("t.yaml"), "apps:\n  - name: linked\n    script: /bin/id\n");
        Files.setAttribute(theirs, "unix:uid", 65534);
        Files.createSymbolicLink(apps.resolve("linked.yaml"), target);
        AppsDirectory.Listing l = new AppsDirectory(apps).scan();
        assertEquals(List.of(), l.files());
        assertEquals(
                List.of(apps.resolve("linked.yaml") + " ignored: it leads to " + target + ", and its directory "
                        + theirs + " belongs to uid 65534, not to root or the daemon's user" + FileTrust.FIX),
                l.refused());
    }

    @Test
    void aLinkHalfWayInAnotherUsersFolderOrALinkOfAnotherUserIsIgnored() throws Exception {
        Needs.root("folders and links owned by another user");
        Path apps = Files.createDirectories(dir.resolve("apps.d"));
        Path release = Files.createDirectories(dir.resolve("releases/42"));
        Files.writeString(release.resolve("web.yaml"), "apps:\n  - name: web\n    script: /bin/id\n");
        Path deploy = Files.createDirectories(dir.resolve("deploy")); // root's release, reached through their link
        Files.setAttribute(deploy, "unix:uid", 65534);
        Files.createSymbolicLink(deploy.resolve("current"), release);
        Files.createSymbolicLink(apps.resolve("web.yaml"), deploy.resolve("current/web.yaml"));
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.setAttribute(shared, "unix:mode", 01777);
        Path theirLink = Files.createSymbolicLink(shared.resolve("x.yaml"), release.resolve("web.yaml"));
        Files.setAttribute(theirLink, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS); // theirs to replace
        Files.createSymbolicLink(apps.resolve("x.yaml"), theirLink);
        AppsDirectory.Listing l = new AppsDirectory(apps).scan();
        assertEquals(List.of(), l.files());
        assertEquals(2, l.refused().size(), l.refused().toString());
        assertTrue(
                l.refused().get(0).contains("its directory " + deploy + " belongs to uid 65534"),
                l.refused().toString());
        assertTrue(
                l.refused().get(1).contains("the link " + theirLink + " belongs to uid 65534"),
                l.refused().toString());
    }

    @Test
    void aDirectoryAnyoneMayWriteIsIgnoredWhole() throws Exception {
        Path apps = Files.createDirectories(dir.resolve("apps.d"));
        Files.writeString(apps.resolve("one.yaml"), "apps:\n  - name: one\n    script: /bin/id\n");
        Files.setPosixFilePermissions(apps, PosixFilePermissions.fromString("rwxrwxrwx"));
        AppsDirectory.Listing l = new AppsDirectory(apps).scan();
        assertEquals(List.of(), l.files());
        assertEquals(1, l.refused().size());
        assertTrue(
                l.refused()
                        .get(0)
                        .startsWith("apps directory " + apps + " ignored: its directory " + apps
                                + " may be written by its group and anyone (mode 0777)"),
                l.refused().toString());
    }

    @Test
    void theSystemDaemonReadsEtcDroverAppsD() {
        assertEquals(
                AppsDirectory.SYSTEM,
                AppsDirectory.of(Map.of(), Path.of("/var/lib/drover")).dir());
        assertEquals(
                Path.of("/home/a/.drover/apps.d"),
                AppsDirectory.of(Map.of(), Path.of("/home/a/.drover")).dir());
        assertEquals(
                Path.of("/srv/apps"),
                AppsDirectory.of(Map.of("DROVER_APPS_DIR", "/srv/apps"), Path.of("/x"))
                        .dir());
    }
}
