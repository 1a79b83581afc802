package io.drover.daemon.jmx;

import io.drover.api.JmxEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The JMX users: a password file with salted PBKDF2 hashes ({@code jmxremote.password}: {@code <user>
 * pbkdf2-sha256:<iterations>:<salt>:<hash>}) and an access file ({@code jmxremote.access}: {@code <user>
 * readonly|readwrite}). In user mode the daemon generates a random secret per role, kept in plain text
 * in {@code <role>.password} (mode 0600) for the CLI and for JConsole users, and hashes it into the
 * password file.
 */
public final class Credentials {
    private static final int ITERATIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Access levels of the access file. */
    public enum Access {
        READONLY,
        READWRITE
    }

    private final Map<String, String> hashes;
    private final Map<String, Access> access;
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    Credentials(Map<String, String> hashes, Map<String, Access> access) {
        this.hashes = Map.copyOf(hashes);
        this.access = Map.copyOf(access);
    }

    /** Creates missing secrets in {@code dir}, rewrites the password file from them and reads both files. */
    public static Credentials prepare(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> lines = new LinkedHashMap<>();
        for (String user : List.of(JmxEndpoint.CONTROL_USER, JmxEndpoint.MONITOR_USER)) {
            Path secretFile = secretFile(dir, user);
            String secret;
            if (Files.isRegularFile(secretFile)) {
                secret = Files.readString(secretFile).trim();
            } else {
                byte[] b = new byte[24];
                RANDOM.nextBytes(b);
                secret = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
                writePrivate(secretFile, secret + "\n");
            }
            lines.put(user, hash(secret));
        }
        StringBuilder pw = new StringBuilder("# Drover JMX users: <user> pbkdf2-sha256:<iterations>:<salt>:<hash>\n");
        lines.forEach((u, h) -> pw.append(u).append(' ').append(h).append('\n'));
        writePrivate(dir.resolve("jmxremote.password"), pw.toString());
        Path accessFile = dir.resolve("jmxremote.access");
        if (!Files.exists(accessFile)) {
            writePrivate(
                    accessFile,
                    "# Drover JMX roles: <user> readonly|readwrite\n" + JmxEndpoint.CONTROL_USER + " readwrite\n"
                            + JmxEndpoint.MONITOR_USER + " readonly\n");
        }
        return read(dir.resolve("jmxremote.password"), accessFile);
    }

    /** Reads a password file and an access file. */
    public static Credentials read(Path passwordFile, Path accessFile) throws IOException {
        Map<String, String> hashes = new HashMap<>();
        for (String line : Files.readAllLines(passwordFile)) {
            String[] w = line.trim().split("\\s+");
            if (w.length == 2 && !w[0].startsWith("#")) {
                hashes.put(w[0], w[1]);
            }
        }
        Map<String, Access> access = new HashMap<>();
        for (String line : Files.readAllLines(accessFile)) {
            String[] w = line.trim().split("\\s+");
            if (w.length >= 2 && !w[0].startsWith("#")) {
                access.put(w[0], w[1].equalsIgnoreCase("readwrite") ? Access.READWRITE : Access.READONLY);
            }
        }
        return new Credentials(hashes, access);
    }

    public static Path secretFile(Path dir, String user) {
        return dir.resolve(user + ".password");
    }

    /** Whether {@code password} is {@code user}'s. */
    public boolean verify(String user, String password) {
        String stored = hashes.get(user);
        if (stored == null || password == null) {
            return false;
        }
        // PBKDF2 is slow on purpose; a password already verified is recognised by its SHA-256 instead,
        // so every short CLI command does not pay for the key derivation again
        byte[] quick = sha256(user + '\0' + password);
        byte[] known = verified.get(user);
        if (known != null && MessageDigest.isEqual(known, quick)) {
            return true;
        }
        String[] p = stored.split(":");
        if (p.length != 4 || !p[0].equals("pbkdf2-sha256")) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(p[2]);
        byte[] expected = Base64.getDecoder().decode(p[3]);
        byte[] actual = derive(password, salt, Integer.parseInt(p[1]));
        boolean ok = MessageDigest.isEqual(expected, actual);
        if (ok) {
            verified.put(user, quick);
        }
        return ok;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The user's access; users missing from the access file get read-only access. */
    public Access accessOf(String user) {
        return access.getOrDefault(user, Access.READONLY);
    }

    static String hash(String secret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] h = derive(secret, salt, ITERATIONS);
        Base64.Encoder b64 = Base64.getEncoder();
        return "pbkdf2-sha256:" + ITERATIONS + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(h);
    }

    private static byte[] derive(String secret, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        }
    }

    /** Writes a file readable by its owner only, atomically. */
    static void writePrivate(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
