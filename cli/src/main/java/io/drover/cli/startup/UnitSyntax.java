package io.drover.cli.startup;

import io.drover.api.settings.Printable;
import java.nio.charset.StandardCharsets;

/**
 * How a value is written into a unit file so that systemd reads exactly it (systemd.syntax(7),
 * systemd.unit(7)): specifiers ({@code %}) doubled, quotes where spaces would split it, unit names escaped
 * as {@code systemd-escape} does. What cannot be expressed — a control character that would start a new line
 * such as {@code ExecStartPre=}, a value systemd would trim — is refused with one line, never written.
 */
final class UnitSyntax {
    /** systemd refuses longer unit and descriptor names. */
    static final int MAX_NAME = 255;

    private UnitSyntax() {
        /* no instances */
    }

    /** A value systemd reads whole (a path, an address, a description): specifiers doubled. */
    static String plain(String what, String value) {
        check(what, value);
        if (!value.equals(value.strip())) {
            throw new IllegalArgumentException(
                    what + " '" + value + "' begins or ends with a blank, which systemd" + " would drop; remove it");
        }
        return value.replace("%", "%%");
    }

    /**
     * A value of a setting that splits on blanks ({@code Environment=}, {@code ExecStart=}): specifiers
     * doubled, quoted when it holds blanks, quotes or backslashes, those escaped inside the quotes.
     */
    static String quoted(String what, String value) {
        check(what, value);
        String v = value.replace("%", "%%");
        if (!v.matches(".*[\\s\"'\\\\].*")) {
            return v;
        }
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * A part of a unit name: characters a unit name may not hold are written {@code \xNN} (UTF-8 bytes), as
     * {@code systemd-escape} writes them; {@code -} stays, as the separator the names already use.
     */
    static String namePart(String part) {
        StringBuilder b = new StringBuilder();
        for (byte x : part.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == ':'
                    || c == '_'
                    || c == '-'
                    || (c == '.' && b.length() > 0);
            if (ok) {
                b.append(c);
            } else {
                b.append(String.format("\\x%02x", x & 0xff));
            }
        }
        return b.toString();
    }

    /** A unit name, refused when systemd would: a character outside its set, or too long once escaped. */
    static String unitName(String name) {
        if (!name.matches("[A-Za-z0-9:_.\\\\@-]+\\.[a-z]+")) {
            throw new IllegalArgumentException("'" + Printable.visible(name) + "' is not a systemd unit name"
                    + " (letters, digits and :_.-@\\ only, then .service or .socket); give another name");
        }
        if (name.length() > MAX_NAME) {
            throw new IllegalArgumentException("the unit name " + name + " is longer than systemd's " + MAX_NAME
                    + " characters; give the app a shorter name");
        }
        return name;
    }

    /**
     * A descriptor name ({@code FileDescriptorName=}, {@code LISTEN_FDNAMES}): printable ASCII without
     * {@code :}, at most 255 characters (sd_listen_fds_with_names(3)); anything else cannot be expressed.
     */
    static String fdName(String name) {
        boolean ok = !name.isEmpty() && name.length() <= MAX_NAME;
        for (int i = 0; ok && i < name.length(); i++) {
            char c = name.charAt(i);
            ok = c > 0x20 && c < 0x7f && c != ':';
        }
        if (!ok) {
            throw new IllegalArgumentException("the socket name '" + Printable.visible(name) + "' cannot be a"
                    + " systemd descriptor name (printable ASCII without ':' or blanks, at most " + MAX_NAME
                    + " characters); rename the app or its socket");
        }
        return name.replace("%", "%%");
    }

    /** A socket file mode, octal as {@code SocketMode=} takes it. */
    static String mode(String mode) {
        if (!mode.matches("0?[0-7]{3}")) {
            throw new IllegalArgumentException(
                    "socket mode '" + Printable.visible(mode) + "' is not an octal mode" + " such as 0660");
        }
        return mode;
    }

    private static void check(String what, String value) {
        try {
            Printable.check(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage() + "; nothing was written", e);
        }
    }
}
