package io.drover.tests.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.testing.Needs;
import io.drover.tests.BoundedRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The .rpm as RPM's tools read it (Debian's rpm package): its files, requirements and scriptlets, rpmlint's
 * verdict, and an installation into a scratch root (an overlay of this machine's root, so the scriptlets
 * find a shell, getent and groupadd; no systemd runs there, so they leave the service alone).
 */
class RpmPackageTests {

    @Test
    void itInstallsTheLaunchersTheUnitTheSettingsTheManualsAndAHomeForTheGroup() throws Exception {
        Needs.program("rpm", "rpm");
        String rpm = Packages.rpm().toString();
        String files = Packages.ok("rpm", "-qlvp", rpm);
        for (String f : List.of(
                "-rwxr-xr-x .* root +root .* /usr/bin/drover\n",
                "-rwxr-xr-x .* root +root .* /usr/bin/droverd\n",
                "-rwxr-xr-x .* root +root .* /usr/bin/drover-runtime\n",
                "-rw-r--r-- .* root +root .* /usr/lib/systemd/system/droverd.service\n",
                "-rw-r--r-- .* root +root .* /etc/default/drover\n",
                "drwxr-xr-x .* root +root .* /etc/drover/apps.d\n",
                " /usr/share/drover/lib/drover-daemon.jar\n",
                " /usr/share/drover/lib/drover-cli.jar\n",
                "-rw-r--r-- .* root +root .* /usr/share/drover/cds.sh\n",
                "-rw-r--r-- .* root +root .* /usr/share/drover/jvm.sh\n",
                "-rw-r--r-- .* root +root .* /usr/share/drover/cds/droverd.classlist\n",
                "-rw-r--r-- .* root +root .* /usr/share/drover/cds/drover-runtime.classlist\n",
                " /usr/share/drover/plugins/drover-interpreters-.*\\.jar\n",
                " /usr/share/man/man1/drover.1.gz\n",
                " /usr/share/man/man1/droverd.1.gz\n",
                " /usr/share/man/man1/drover-start.1.gz\n",
                " /usr/share/bash-completion/completions/drover\n",
                " /usr/share/zsh/site-functions/_drover\n",
                " /usr/share/licenses/drover/LICENSE\n")) {
            assertTrue(Pattern.compile(f).matcher(files).find(), f + " in\n" + files);
        }
        assertFalse(files.contains("lintian"), files);
        // the daemon's data is not the package's: %post makes the directory, erasing the package keeps it
        assertFalse(files.contains("/var/lib/drover"), files);
        assertEquals("/etc/default/drover\n", Packages.ok("rpm", "-qcp", rpm));
        String requires = Packages.ok("rpm", "-qp", "--requires", rpm);
        assertTrue(requires.contains("java-headless >= 1:17\n"), requires);
        assertTrue(requires.contains("util-linux\n"), requires);
    }

    @Test
    void itsScriptletsAreTheSystemdMacrosExpansionsAndMakeTheGroup() throws Exception {
        Needs.program("rpm", "rpm");
        String scripts = Packages.ok("rpm", "-qp", "--scripts", Packages.rpm().toString());
        assertTrue(scripts.contains("preinstall scriptlet (using /bin/sh):"), scripts);
        assertTrue(scripts.contains("getent group drover >/dev/null || groupadd -r drover"), scripts);
        // %systemd_post, %systemd_preun, %systemd_postun_with_restart
        assertTrue(scripts.contains("systemd-update-helper install-system-units droverd.service"), scripts);
        assertTrue(scripts.contains("systemctl --no-reload preset droverd.service"), scripts);
        assertTrue(scripts.contains("systemd-update-helper remove-system-units droverd.service"), scripts);
        assertTrue(scripts.contains("systemctl --no-reload disable --now droverd.service"), scripts);
        assertTrue(scripts.contains("systemd-update-helper mark-restart-system-units droverd.service"), scripts);
        assertTrue(scripts.contains("systemctl try-restart droverd.service"), scripts);
        assertTrue(scripts.contains("chmod 0750 /var/lib/drover"), scripts);
        // class-data sharing: root's archives made at installation, removed on erasure
        assertTrue(scripts.contains("DROVER_CDS=make /usr/bin/droverd >/dev/null 2>&1 || :"), scripts);
        assertTrue(scripts.contains("DROVER_CDS=make /usr/bin/drover-runtime >/dev/null 2>&1 || :"), scripts);
        assertTrue(scripts.contains("rm -rf /var/cache/drover"), scripts);
    }

    @Test
    void rpmlintFindsNoError() throws Exception {
        Needs.program("rpmlint", "rpmlint");
        Path rpm = Packages.rpm();
        // the filters, each with its reason, are in the repository
        BoundedRun.Output o = Packages.run(
                "rpmlint",
                "-r",
                Packages.ROOT.resolve("packaging/rpm/drover.rpmlintrc").toString(),
                rpm.toString());
        System.out.println("[rpmlint] " + rpm.getFileName() + ":\n" + o.out() + o.err());
        List<String> errors = Arrays.stream(o.out().split("\n"))
                .filter(l -> l.contains(": E: "))
                .toList();
        assertEquals(List.of(), errors);
    }

    @Test
    void installedIntoAScratchRootItCreatesTheGroupAndTheHomeAndErasingKeepsOnlyTheData() throws Exception {
        Needs.program("rpm", "rpm");
        Needs.root("mounting the scratch root's overlay");
        Path base = Files.createTempDirectory("drover-rpm-root");
        Path root = base.resolve("root");
        Packages.ok("mount", "-t", "tmpfs", "tmpfs", base.toString());
        try {
            for (String d : List.of("upper", "work", "root")) {
                Files.createDirectories(base.resolve(d));
            }
            Packages.ok(
                    "mount",
                    "-t",
                    "overlay",
                    "overlay",
                    "-o",
                    "lowerdir=/,upperdir=" + base.resolve("upper") + ",workdir=" + base.resolve("work"),
                    root.toString());
            try {
                Path rpm = Packages.rpm();
                Packages.ok("rpm", "--root", root.toString(), "--initdb");
                String out = Packages.ok("rpm", "--root", root.toString(), "--nodeps", "-i", rpm.toString());
                assertEquals(
                        "drover",
                        Packages.ok("chroot", root.toString(), "getent", "group", "drover")
                                .split(":")[0],
                        out);
                assertEquals(
                        "750 root drover",
                        Packages.ok("chroot", root.toString(), "stat", "-c", "%a %U %G", "/var/lib/drover")
                                .trim());
                assertTrue(Files.isExecutable(root.resolve("usr/bin/droverd")));
                assertTrue(Files.exists(root.resolve("usr/lib/systemd/system/droverd.service")));
                // the packaged runtime's class path holds: it runs an app and exits 2 once the app has ended
                Files.writeString(root.resolve("tmp/said.sh"), "echo said by a packaged runtime\n");
                BoundedRun.Output run = inScratchRoot(
                        root,
                        "env",
                        "JAVA_HOME=" + System.getProperty("java.home"),
                        "DROVER_HOME=/tmp/runtime-home",
                        "DROVER_RUNTIME_JAVA_OPTS=-Xlog:class+load=info:file=/tmp/classes.log",
                        "/usr/bin/drover-runtime",
                        "start",
                        "/tmp/said.sh",
                        "--no-autorestart");
                assertEquals(2, run.exit(), run.toString());
                assertTrue(run.out().contains("| said by a packaged runtime"), run.toString());
                // ... with its classes from root's class-data-sharing archive, which no one else can write
                assertTrue(
                        Files.readString(root.resolve("tmp/classes.log"))
                                .contains(" io.drover.runtime.Main source: shared objects file"),
                        "io.drover.runtime.Main from the archive");
                // %post's DROVER_CDS=make could not make the daemon's (no /proc where rpm --root runs it) and left
                // no mark, so its first start makes it; the same make, with a /proc, makes it now
                Path cache = root.resolve("var/cache/drover");
                try (Stream<Path> files = Files.list(cache)) {
                    assertEquals(
                            List.of(),
                            files.filter(p -> p.toString().endsWith(".failed")).toList());
                }
                BoundedRun.Output make = inScratchRoot(root, "env", "DROVER_CDS=make", "/usr/bin/droverd");
                assertEquals(0, make.exit(), make.toString());
                assertEquals(
                        "755 root root",
                        Packages.ok("stat", "-c", "%a %U %G", cache.toString()).trim());
                try (Stream<Path> files = Files.list(cache)) {
                    List<Path> archives =
                            files.filter(p -> p.toString().endsWith(".jsa")).toList();
                    assertEquals(
                            List.of("drover-runtime=", "droverd="),
                            archives.stream()
                                    .map(p -> p.getFileName().toString().replaceAll("=.*", "="))
                                    .sorted()
                                    .toList(),
                            "the daemon's and the runtime's");
                    for (Path a : archives) {
                        assertEquals(0, Files.getAttribute(a, "unix:uid"), a.toString());
                        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(a);
                        assertFalse(mode.contains(PosixFilePermission.GROUP_WRITE), a + " " + mode);
                        assertFalse(mode.contains(PosixFilePermission.OTHERS_WRITE), a + " " + mode);
                    }
                }
                assertEquals(
                        "",
                        Packages.ok("rpm", "--root", root.toString(), "-V", "--nodeps", "drover"),
                        "every file as packaged");
                Packages.ok("rpm", "--root", root.toString(), "-e", "drover");
                for (String gone : List.of(
                        "usr/bin/drover",
                        "usr/share/drover",
                        "etc/drover",
                        "usr/lib/systemd/system/droverd.service",
                        "etc/default/drover")) {
                    assertFalse(Files.exists(root.resolve(gone)), gone + " is left after rpm -e");
                }
                assertTrue(Files.isDirectory(root.resolve("var/lib/drover")), "the apps' data is kept");
                assertFalse(Files.exists(root.resolve("var/cache/drover")), "the archives are removed");
            } finally {
                Packages.run("umount", "-l", root.toString());
            }
        } finally {
            Packages.run("umount", "-l", base.toString());
            Files.deleteIfExists(base);
        }
    }

    /**
     * Runs {@code command} chrooted in {@code root} with a /proc of its own (the JVM and the loader's
     * {@code $ORIGIN} need one), as PID 1 of a new PID namespace.
     */
    private static BoundedRun.Output inScratchRoot(Path root, String... command)
            throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(
                "unshare", "--fork", "--pid", "--mount-proc=" + root.resolve("proc"), "chroot", root.toString()));
        all.addAll(List.of(command));
        return Packages.run(all.toArray(new String[0]));
    }
}
