package io.drover.cli.startup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The service that runs droverd at boot. Its text is the unit the packages ship ({@code droverd.service},
 * Type=notify, resurrect before READY=1, the apps in the unit's control group) with the launcher that
 * exists here and, for one user's daemon, {@code User=} and that user's {@code DROVER_HOME}. The launcher
 * finds Java when it runs: no interpreter or JDK path is written into the unit, so upgrading them never
 * breaks boot.
 *
 * @param name the unit's name, e.g. {@code droverd.service} or {@code drover-alice.service}
 * @param user the user the daemon runs as, or null for the system daemon (root)
 * @param home the daemon's {@code DROVER_HOME}
 * @param launcher the absolute path of the {@code droverd} launcher
 */
public record ServiceUnit(String name, String user, Path home, Path launcher) {
    /** First line of every unit file {@code drover startup} writes; {@code unstartup} removes only those. */
    public static final String MARKER = "# Written by 'drover startup'";

    static final String SHIPPED_EXEC = "ExecStart=/usr/bin/droverd";
    static final String SHIPPED_HOME = "Environment=DROVER_HOME=/var/lib/drover";
    /** The system daemon's settings; a user's daemon has its own home and must not take them. */
    static final String SHIPPED_SETTINGS = "EnvironmentFile=-/etc/default/drover";

    /** The unit's name unless told another: {@code droverd.service}, or {@code drover-<user>.service}. */
    public static String defaultName(String user) {
        return user == null ? "droverd.service" : "drover-" + user + ".service";
    }

    /** The unit file's text; refuses, with one line, a value systemd could not read back as it is. */
    public String text() {
        UnitSyntax.unitName(name);
        String shipped = shipped();
        if (!shipped.contains(SHIPPED_EXEC) || !shipped.contains(SHIPPED_HOME)) {
            throw new IllegalStateException(
                    "the shipped droverd.service lacks " + SHIPPED_EXEC + " or " + SHIPPED_HOME);
        }
        StringBuilder b = new StringBuilder();
        b.append(MARKER)
                .append(user == null ? "" : " for " + user)
                .append("; 'drover unstartup")
                .append(user == null ? "" : " -u " + user)
                .append("' disables and removes it.\n");
        for (String line : shipped.split("\n", -1)) {
            if (line.startsWith("# droverd as a system service")) {
                continue;
            }
            if (user != null && (line.equals(SHIPPED_SETTINGS) || line.startsWith("# the administrator's settings"))) {
                continue;
            }
            if (line.startsWith("Description=") && user != null) {
                line = line + " for " + UnitSyntax.plain("user", user);
            } else if (line.equals(SHIPPED_EXEC)) {
                line = "ExecStart=" + UnitSyntax.quoted("the droverd launcher", launcher.toString());
            } else if (line.equals(SHIPPED_HOME)) {
                line = homeLine(home);
            } else if (line.equals("[Service]") && user != null) {
                String u = UnitSyntax.plain("user", user);
                line = line + "\n# the daemon and its apps run as " + u + " (and its group)\nUser=" + u;
            }
            b.append(line).append('\n');
        }
        return b.toString().replaceAll("\n+$", "\n");
    }

    /** The line that gives the daemon its home, as this writer writes it (the lookup compares it whole). */
    static String homeLine(Path home) {
        return "Environment=" + UnitSyntax.quoted("the home", "DROVER_HOME=" + home);
    }

    /** The unit the packages install, {@code packaging/systemd/droverd.service}, copied into this jar. */
    static String shipped() {
        try (InputStream in = ServiceUnit.class.getResourceAsStream("droverd.service")) {
            if (in == null) {
                throw new IllegalStateException("droverd.service is missing from the drover jar; rebuild it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read droverd.service from the drover jar: " + e.getMessage(), e);
        }
    }
}
