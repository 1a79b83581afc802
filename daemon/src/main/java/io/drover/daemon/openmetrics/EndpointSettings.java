package io.drover.daemon.openmetrics;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the metrics endpoint listens, if at all.
 *
 * @param port the TCP port, 0 when the endpoint is off ({@code DROVER_METRICS_PORT} unset)
 * @param host the address ({@code DROVER_METRICS_HOST}, loopback by default)
 * @param tokenFile a file holding the token every scrape must present as {@code Authorization: Bearer <token>}
 *     ({@code DROVER_METRICS_TOKEN_FILE}); required off loopback
 * @param tls whether it serves HTTPS, with the daemon's JMX key ({@code DROVER_METRICS_TLS=1})
 */
public record EndpointSettings(int port, InetAddress host, Optional<Path> tokenFile, boolean tls) {
    /** No endpoint. */
    public static final EndpointSettings OFF =
            new EndpointSettings(0, InetAddress.getLoopbackAddress(), Optional.empty(), false);

    public EndpointSettings {
        if (!host.isLoopbackAddress() && tokenFile.isEmpty() && port > 0) {
            throw new IllegalArgumentException("DROVER_METRICS_HOST=" + host.getHostAddress() + " is not a loopback"
                    + " address: set DROVER_METRICS_TOKEN_FILE too (a file only the daemon's user can read, holding"
                    + " the token Prometheus sends), or leave DROVER_METRICS_HOST unset for 127.0.0.1");
        }
    }

    public boolean enabled() {
        return port > 0;
    }

    /**
     * The settings {@code env} gives.
     *
     * @throws IllegalArgumentException with one line naming the variable, what it holds and what is accepted
     */
    public static EndpointSettings fromEnvironment(Map<String, String> env) {
        return new EndpointSettings(
                port(env.get("DROVER_METRICS_PORT")),
                host(env.get("DROVER_METRICS_HOST")),
                tokenFile(env.get("DROVER_METRICS_TOKEN_FILE")),
                tls(env.get("DROVER_METRICS_TLS")));
    }

    private static boolean tls(String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default ->
                throw new IllegalArgumentException(
                        "DROVER_METRICS_TLS='" + text + "' is not a switch; give 1 (HTTPS) or 0 (HTTP, the default)");
        };
    }

    private static int port(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        int port;
        try {
            port = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("DROVER_METRICS_PORT='" + text + "' is not a port number; give a"
                    + " number from 1 to 65535 (such as 9209), or unset it to turn the metrics endpoint off");
        }
        return port;
    }

    private static InetAddress host(String text) {
        if (text == null || text.isBlank()) {
            return InetAddress.getLoopbackAddress();
        }
        try {
            return InetAddress.getByName(text.strip());
        } catch (UnknownHostException | SecurityException e) {
            throw new IllegalArgumentException("DROVER_METRICS_HOST='" + text + "' is no address of this machine;"
                    + " give an IP address such as 127.0.0.1 (the default) or 0.0.0.0 (every address, with"
                    + " DROVER_METRICS_TOKEN_FILE)");
        }
    }

    private static Optional<Path> tokenFile(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Path p = Path.of(text.strip());
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException("DROVER_METRICS_TOKEN_FILE='" + text + "' is a relative path; give an"
                    + " absolute one (the daemon's directory is not the one it was started from)");
        }
        return Optional.of(p);
    }
}
