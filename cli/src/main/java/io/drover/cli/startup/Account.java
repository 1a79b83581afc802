package io.drover.cli.startup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A user account as the system's name service knows it ({@code getent passwd}, so LDAP and other NSS
 * sources count, not only /etc/passwd).
 *
 * @param name the login name
 * @param uid the user id
 * @param home the home directory
 */
public record Account(String name, long uid, Path home) {

    /**
     * @throws IllegalArgumentException naming the user when there is no such account
     */
    public static Account lookup(String name) {
        if (name.isBlank() || name.startsWith("-") || name.contains(":") || name.contains("/")) {
            throw new IllegalArgumentException("'" + name + "' is not a user name");
        }
        String line;
        try {
            Process p = new ProcessBuilder("getent", "passwd", name)
                    .redirectErrorStream(true)
                    .start();
            line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || line.isEmpty()) {
                throw new IllegalArgumentException("there is no user '" + name + "' on this machine (getent passwd "
                        + name + " found nothing); give an existing user with -u");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot look up user '" + name + "': " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted while looking up user '" + name + "'");
        }
        String[] f = line.lines().findFirst().orElse("").split(":", -1);
        if (f.length < 7) {
            throw new IllegalArgumentException("cannot read the account of '" + name + "': " + line);
        }
        return new Account(f[0], Long.parseLong(f[2]), Path.of(f[5]));
    }
}
