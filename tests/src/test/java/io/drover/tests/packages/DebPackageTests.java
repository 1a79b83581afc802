package io.drover.tests.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.testing.Needs;
import io.drover.tests.BoundedRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The .deb as Debian's tools read it: its control fields, its files, and lintian's verdict. */
class DebPackageTests {

    @Test
    void lintianFindsNoErrorAndNoWarning() throws Exception {
        Needs.program("lintian", "lintian");
        Path deb = Packages.deb();
        BoundedRun.Output o = Packages.run("lintian", "--pedantic", "--info", deb.toString());
        List<String> findings = Arrays.stream((o.out() + o.err()).split("\n"))
                .filter(l -> l.startsWith("E: ") || l.startsWith("W: "))
                .toList();
        System.out.println("[lintian] " + deb.getFileName() + ":\n" + o.out() + o.err());
        assertEquals(List.of(), findings);
    }

    @Test
    void itDependsOnAJava17RuntimeAndInstallsTheLaunchersTheUnitTheSettingsAndTheManuals() throws Exception {
        Needs.program("dpkg-deb", "dpkg");
        Path deb = Packages.deb();
        assertEquals(
                "default-jre-headless (>= 2:1.17) | java17-runtime-headless, adduser, util-linux (>= 2.33)",
                Packages.ok("dpkg-deb", "-f", deb.toString(), "Depends").trim());
        String files = Packages.ok("dpkg-deb", "-c", deb.toString());
        for (String f : List.of(
                "-rwxr-xr-x root/root .* ./usr/bin/drover\n",
                "-rwxr-xr-x root/root .* ./usr/bin/droverd\n",
                "-rwxr-xr-x root/root .* ./usr/bin/drover-runtime\n",
                " ./usr/share/drover/lib/drover-runtime.jar\n",
                " ./usr/share/man/man1/drover-runtime.1.gz\n",
                "-rw-r--r-- root/root .* ./lib/systemd/system/droverd.service\n",
                "-rw-r--r-- root/root .* ./etc/default/drover\n",
                "drwxr-xr-x root/root .* ./etc/drover/apps.d/\n",
                " ./usr/share/drover/lib/drover-daemon.jar\n",
                " ./usr/share/drover/lib/drover-cli.jar\n",
                "-rw-r--r-- root/root .* ./usr/share/drover/cds.sh\n",
                "-rw-r--r-- root/root .* ./usr/share/drover/jvm.sh\n",
                "-rw-r--r-- root/root .* ./usr/share/drover/cds/droverd.classlist\n",
                "-rw-r--r-- root/root .* ./usr/share/drover/cds/drover-runtime.classlist\n",
                " ./usr/share/drover/plugins/drover-interpreters-.*\\.jar\n",
                " ./usr/share/man/man1/drover.1.gz\n",
                " ./usr/share/man/man1/droverd.1.gz\n",
                " ./usr/share/man/man1/drover-start.1.gz\n",
                " ./usr/share/man/man1/drover-startup.1.gz\n",
                " ./usr/share/bash-completion/completions/drover\n",
                " ./usr/share/zsh/vendor-completions/_drover\n",
                " ./usr/share/doc/drover/changelog.gz\n",
                " ./usr/share/doc/drover/copyright\n")) {
            assertTrue(Pattern.compile(f).matcher(files).find(), f + " in\n" + files);
        }
        // the unit is the one source every package and 'drover startup' use
        String unit = Packages.ok(
                "sh", "-c", "dpkg-deb --fsys-tarfile '" + deb + "' | tar -xO ./lib/systemd/system/droverd.service");
        assertEquals(Files.readString(Packages.ROOT.resolve("packaging/systemd/droverd.service")), unit);
        String launcher = Packages.ok("sh", "-c", "dpkg-deb --fsys-tarfile '" + deb + "' | tar -xO ./usr/bin/droverd");
        assertTrue(launcher.contains("--add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED"), launcher);
        // class-data sharing: the launchers map root's archives, which the installation makes and removal removes
        for (String name : List.of("droverd", "drover-runtime")) {
            String l = Packages.ok("sh", "-c", "dpkg-deb --fsys-tarfile '" + deb + "' | tar -xO ./usr/bin/" + name);
            assertTrue(l.contains("\n. /usr/share/drover/cds.sh\ndrover_cds " + name + " "), l);
            assertTrue(l.contains("/var/cache/drover"), l);
        }
        String postinst = Packages.ok("sh", "-c", "dpkg-deb --ctrl-tarfile '" + deb + "' | tar -xO ./postinst");
        assertTrue(postinst.contains("DROVER_CDS=make /usr/bin/droverd >/dev/null 2>&1 || true"), postinst);
        assertTrue(postinst.contains("DROVER_CDS=make /usr/bin/drover-runtime >/dev/null 2>&1 || true"), postinst);
        String postrm = Packages.ok("sh", "-c", "dpkg-deb --ctrl-tarfile '" + deb + "' | tar -xO ./postrm");
        assertTrue(postrm.contains("rm -rf /var/cache/drover"), postrm);
        assertEquals(
                "/etc/default/drover\n",
                Packages.ok("sh", "-c", "dpkg-deb --ctrl-tarfile '" + deb + "' | tar -xO ./conffiles"));
    }
}
