package io.drover.daemon.openmetrics;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Whole HTTP/1.1 responses, as bytes to send: each closes its connection. */
final class Responses {
    private Responses() {
        /* no instances */
    }

    /**
     * A response with {@code headers} (without {@code Content-Length} and {@code Connection}, which it adds).
     *
     * @param body what follows the headers, {@code null} for none (a {@code HEAD}: then {@code length} is
     *     announced)
     */
    static byte[] of(int status, Map<String, String> headers, byte[] body, long length) {
        StringBuilder head = new StringBuilder(256)
                .append("HTTP/1.1 ")
                .append(status)
                .append(' ')
                .append(reason(status))
                .append("\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Length: ")
                .append(body == null ? length : body.length)
                .append("\r\nConnection: close\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + (body == null ? 0 : body.length));
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    /** A short text answer: an error, one line saying why. */
    static byte[] plain(int status, String line) {
        return plain(status, line, Map.of());
    }

    static byte[] plain(int status, String line, Map<String, String> headers) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put("Content-Type", "text/plain; charset=utf-8");
        byte[] body = (line + "\n").getBytes(StandardCharsets.UTF_8);
        return of(status, all, body, body.length);
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
