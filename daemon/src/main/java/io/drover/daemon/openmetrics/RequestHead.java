package io.drover.daemon.openmetrics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP/1.x request's line and headers, parsed from the bytes before the blank line that ends them. The
 * endpoint reads no body: a scrape is a {@code GET}.
 *
 * @param method as sent ({@code GET}, {@code HEAD}...)
 * @param path the target up to its {@code ?}
 * @param query what follows the {@code ?}, {@code null} when there is none
 * @param headers by lower-case name, the values of each in the order sent
 */
record RequestHead(String method, String path, String query, Map<String, List<String>> headers) {
    /** A request the endpoint cannot take: the status to answer it with. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String why) {
            super(why, null, false, false);
            this.status = status;
        }
    }

    /** The first value of a header, {@code null} when it was not sent. */
    String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null ? null : values.get(0);
    }

    /**
     * Parses {@code length} bytes of {@code bytes}: the request line and the header lines, each ended by CRLF
     * (or a lone LF, which RFC 9112 lets a server accept), without the blank line.
     */
    static RequestHead parse(byte[] bytes, int length) throws Refused {
        // an empty line before the request line is ignored, as RFC 9112 asks of a server (two or more end an
        // empty head, refused)
        String text = new String(bytes, 0, length, StandardCharsets.ISO_8859_1).replaceFirst("^(\r?\n)+", "");
        String[] lines = text.split("\r?\n", -1);
        String[] line = lines[0].split(" ", -1);
        if (line.length != 3 || line[0].isEmpty() || !line[1].startsWith("/") || !line[2].startsWith("HTTP/1.")) {
            throw new Refused(400, "not an HTTP/1.x request line");
        }
        for (int i = 0; i < line[0].length(); i++) {
            if (!token(line[0].charAt(i))) {
                throw new Refused(400, "a method is a token");
            }
        }
        Map<String, List<String>> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            String h = lines[i];
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new Refused(400, "a header line without a name"); // folded lines included, as RFC 9112 allows
            }
            for (int c = 0; c < colon; c++) {
                if (!token(h.charAt(c))) {
                    throw new Refused(400, "a header name is a token");
                }
            }
            headers.computeIfAbsent(h.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
                    .add(h.substring(colon + 1).strip());
        }
        String target = line[1];
        int q = target.indexOf('?');
        return new RequestHead(
                line[0], q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1), headers);
    }

    /** RFC 9110's tchar. */
    private static boolean token(char c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
}
