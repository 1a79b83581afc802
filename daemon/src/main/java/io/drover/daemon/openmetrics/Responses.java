package io.drover.daemon.openmetrics;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Whole HTTP/1.1 responses, as their head and body to send: each closes its connection. */
final class Responses {
    static final ByteBuffer NO_BODY = ByteBuffer.allocate(0);

    private Responses() {
        /* no instances */
    }

    /**
     * A response with {@code headers} (without {@code Content-Length} and {@code Connection}, which it adds).
     *
     * @param body what follows the headers, sent as it is (not copied); {@code null} for none, as a {@code HEAD}
     *     answer, which announces {@code length}
     * @return the head, then the body
     */
    static ByteBuffer[] of(int status, Map<String, String> headers, ByteBuffer body, long length) {
        StringBuilder head = new StringBuilder(256)
                .append("HTTP/1.1 ")
                .append(status)
                .append(' ')
                .append(reason(status))
                .append("\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Length: ")
                .append(body == null ? length : body.remaining())
                .append("\r\nConnection: close\r\n\r\n");
        return new ByteBuffer[] {
            ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.ISO_8859_1)), body == null ? NO_BODY : body
        };
    }

    /** A short text answer: an error, one line saying why. */
    static ByteBuffer[] plain(int status, String line) {
        return plain(status, line, Map.of());
    }

    static ByteBuffer[] plain(int status, String line, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", "text/plain; charset=utf-8");
        ByteBuffer body = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        return of(status, all, body, body.remaining());
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }
}
