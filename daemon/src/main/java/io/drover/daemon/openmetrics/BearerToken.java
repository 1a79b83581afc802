package io.drover.daemon.openmetrics;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.regex.Pattern;

/**
 * Lets a scrape through only with {@code Authorization: Bearer <token>}, the token read once from a file only the
 * daemon's user (and its group) can read: Prometheus's {@code authorization: credentials_file}.
 */
final class BearerToken {
    /** What an HTTP header can carry: visible ASCII. */
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{16,1024}");

    private final byte[] expected;

    private BearerToken(String token) {
        this.expected = token.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Reads the token.
     *
     * @throws IOException naming the file, what is wrong with it and the fix
     */
    static BearerToken read(Path file) throws IOException {
        String name = "DROVER_METRICS_TOKEN_FILE " + file;
        PosixFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new IOException(name + " cannot be read (" + e.getMessage() + "); create it with the token in it");
        }
        if (!attrs.isRegularFile()) {
            throw new IOException(name + " is not a regular file; give the file itself, not a link or directory");
        }
        if (attrs.permissions().contains(PosixFilePermission.OTHERS_READ)) {
            throw new IOException(name + " can be read by every user, who could then scrape the metrics; chmod o-r it");
        }
        String token;
        try {
            token = attrs.size() > 4096
                    ? ""
                    : Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (CharacterCodingException e) {
            token = "";
        }
        if (!TOKEN.matcher(token).matches()) {
            throw new IOException(name + " does not hold a token: give 16 to 1024 visible ASCII characters on one line"
                    + " (such as the output of 'openssl rand -hex 32')");
        }
        return new BearerToken(token);
    }

    /** Whether a request's {@code Authorization} header (or {@code null}, when it has none) holds the token. */
    boolean admits(String authorization) {
        // the scheme in any case (RFC 9110); the token compared in constant time: how long a wrong one takes
        // tells nothing of the right one
        return authorization != null
                && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(authorization.substring(7).getBytes(StandardCharsets.ISO_8859_1), expected);
    }
}
